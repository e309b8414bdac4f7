// The whole benchmark: build, corpora, references, one fresh stack per corpus run, the table.
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ensureBenchBuild } from './benchBuild';
import { ensureBenchDatabase } from './benchState';
import { waitForQuiet } from './cpuUsage';
import { prepareCorpus } from './corpora';
import type { BenchOptions } from './options';
import { measureCopy, measurePerRow, prepareReferenceRows, type CopyReference, type PerRowReference } from './references';
import { formatReport, type BenchReport } from './report';
import { runCorpus, type CorpusRun } from './runCorpus';
import { findProfiles, formatSummary, summarizeProfile } from './summarizeProfile';

const say = (text: string) => process.stderr.write(`bench: ${text}\n`);

/** Runs everything, prints the table on stdout and returns whether every truth check passed. */
export async function runBench(opts: BenchOptions, urls: { databaseUrl: string; redisUrl: string }): Promise<boolean> {
  const startedAt = new Date().toISOString();
  const root = process.cwd();
  if ((await ensureBenchBuild(root)) === 'built') say('built .next-bench');
  await ensureBenchDatabase(urls.databaseUrl);
  await mkdir(opts.out, { recursive: true });

  const corpora = [];
  for (const name of opts.corpora) corpora.push(await prepareCorpus(name, opts.seed, opts.scale, opts.out));

  let reference: BenchReport['reference'] = null;
  if (!opts.skipReferences) {
    const ref = await prepareReferenceRows(opts.seed, opts.scale, opts.out, opts.perRowSample);
    const copy: CopyReference[] = [];
    const perRow: PerRowReference[] = [];
    for (let run = 0; run < opts.runs; run++) {
      await waitForQuiet(0.25, 600_000, (busy) => say(`machine ${(busy * 100).toFixed(0)}% busy before the references, waiting up to 10 min …`));
      copy.push(await measureCopy(urls.databaseUrl, ref));
      say(`COPY ${ref.rows} rows: ${copy.at(-1)!.seconds.toFixed(2)} s`);
      perRow.push(await measurePerRow(urls.databaseUrl, ref));
      say(`per-row sample ${ref.sample.length} rows: ${perRow.at(-1)!.rowsPerSecond.toFixed(0)} rows/s`);
    }
    reference = { rows: ref.rows, scale: ref.scale, copy, perRow };
  }

  const results: BenchReport['corpora'] = [];
  for (const corpus of corpora) {
    const runs: CorpusRun[] = [];
    for (let run = 0; run < opts.runs; run++) {
      say(`${corpus.name}: run ${run + 1} of ${opts.runs} (${corpus.manifest.files.length} files, ${corpus.manifest.rows} rows) …`);
      const r = await runCorpus(corpus, opts, urls);
      say(`${corpus.name}: ${r.seconds.toFixed(2)} s, ${Math.round(r.rowsPerSecond)} rows/s, exact: ${r.truth.ok}`);
      runs.push(r);
    }
    results.push({ corpus: corpus.name, runs });
  }

  const report: BenchReport = {
    startedAt,
    options: { ...opts, corpora: opts.corpora.join(',') },
    machine: { cpus: os.cpus().length, node: process.version, postgres: await postgresSettings(urls.databaseUrl) },
    corpora: results,
    reference,
  };
  console.log(formatReport(report));
  await writeFile(path.join(opts.out, 'last-run.json'), `${JSON.stringify(report, null, 2)}\n`);
  if (opts.profileDir) {
    for (const f of await findProfiles(opts.profileDir)) {
      const s = await summarizeProfile(f, 20);
      if (s.busyMs > 200) process.stderr.write(`\n${formatSummary(s)}\n`);
    }
  }
  return results.every((c) => c.runs.every((r) => r.truth.ok));
}

/** The server settings that move the numbers most: the working set outgrows a small shared_buffers. */
async function postgresSettings(databaseUrl: string): Promise<{ version: string; sharedBuffers: string; maxWalSize: string }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ version: string; shared_buffers: string; max_wal_size: string }>(
      `SELECT current_setting('server_version') AS version, current_setting('shared_buffers') AS shared_buffers,
              current_setting('max_wal_size') AS max_wal_size`,
    );
    return { version: rows[0].version, sharedBuffers: rows[0].shared_buffers, maxWalSize: rows[0].max_wal_size };
  } finally {
    await client.end();
  }
}
