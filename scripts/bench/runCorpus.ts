// One timed run of one corpus against a fresh stack: upload everything at once, wait for the last delta, check truth.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { disconnectPrisma } from '../../lib/db';
import { BENCH_PREFIX, resetBenchState } from './benchState';
import { checkTruth, type TruthCheck } from './checkTruth';
import type { PreparedCorpus } from './corpora';
import { sampleCpu, splitCpu, waitForQuiet, type CpuSplit } from './cpuUsage';
import { connectExtraClients, type ClientsStats } from './extraClients';
import type { BenchOptions } from './options';
import { startPgWaitSampler, type PgWaitStats } from './pgWaits';
import { PushWatcher, type PushStats } from './pushLatency';
import { startResultsLoad, type ResultsLoadStats } from './resultsLoad';
import { startStack } from './startStack';
import { uploadCorpus } from './uploadCorpus';
import { waitForIngest, type IngestTimings } from './waitForIngest';

export interface CorpusRun {
  corpus: string;
  files: number;
  rows: number;
  requests: number;
  /** First byte uploaded → last delta received. */
  seconds: number;
  rowsPerSecond: number;
  /** First byte → every request answered (files spooled and recorded). */
  uploadSeconds: number;
  timings: IngestTimings;
  webPeakRssMb: number | null;
  workerPeakRssMb: (number | null)[];
  /** RSS after start-up and warm-up, before the first byte (what the peak grew from). */
  startRssMb: { web: number | null; workers: (number | null)[] };
  push: PushStats;
  cpu: CpuSplit;
  /** What the bench database's backends did during the run (sampled). */
  pgWaits: PgWaitStats;
  /** Every delta the watcher got: seconds since first byte, from, to, latency ms. */
  deltaLog: [number, number, number, number][];
  truth: TruthCheck;
  results: ResultsLoadStats | null;
  clients: ClientsStats | null;
}

export async function runCorpus(corpus: PreparedCorpus, opts: BenchOptions, urls: { databaseUrl: string; redisUrl: string }): Promise<CorpusRun> {
  await disconnectPrisma();
  await resetBenchState(urls.databaseUrl, urls.redisUrl, BENCH_PREFIX);
  const stack = await startStack({
    databaseUrl: urls.databaseUrl,
    redisUrl: urls.redisUrl,
    prefix: BENCH_PREFIX,
    workers: opts.workers,
    env: opts.stackEnv,
    profileDir: opts.profileDir && `${opts.profileDir}/${corpus.name}-${Date.now()}`,
  });
  const db = new pg.Pool({ connectionString: urls.databaseUrl, max: 2 });
  let watcher: PushWatcher | undefined;
  try {
    // A corpus of polling stations: its list first (as an admin would before the night), and the watcher follows the
    // first contest (its rows all name one).
    if (corpus.manifest.stations) await loadStations(stack.baseUrl, stack.token, path.join(corpus.dir, corpus.manifest.stations.name));
    watcher = await PushWatcher.connect(stack.baseUrl, corpus.watchedContest);
    const clients = opts.clients > 0 ? await connectExtraClients(stack.baseUrl, opts.clients) : null;
    const fileNames = corpus.manifest.files.map((f) => f.name);
    await waitForQuiet(0.25, 600_000, (busy) =>
      process.stderr.write(`bench: machine ${(busy * 100).toFixed(0)}% busy before the run (someone else's build or tests?), waiting up to 10 min …\n`),
    );
    const startRssMb = { web: stack.web.rssMb(), workers: stack.workers.map((w) => w.rssMb()) };
    const cpuBefore = sampleCpu();
    const stopWaits = startPgWaitSampler(urls.databaseUrl);
    const stopLoad = opts.resultsRps > 0 ? startResultsLoad(stack.baseUrl, opts.resultsRps) : null;

    const uploaded = await uploadCorpus(stack.baseUrl, stack.token, corpus.dir, fileNames, opts.filesPerRequest);
    const timings = await waitForIngest(db, fileNames.length, 60 * 60_000);
    const lastDeltaAt = await watcher.reached(timings.finalVersion);

    const results = stopLoad ? await stopLoad() : null;
    const pgWaits = await stopWaits();
    const benchDbPids = (await db.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`)).rows.map((r) => r.pid);
    const cpu = splitCpu(
      cpuBefore,
      sampleCpu(),
      [
        { name: 'web', pids: [stack.web.proc.pid!] },
        { name: 'workers', pids: stack.workers.map((w) => w.proc.pid!) },
        { name: 'bench client', pids: [process.pid] },
      ],
      benchDbPids,
    );
    const webPeakRssMb = stack.web.peakRssMb();
    const workerPeakRssMb = stack.workers.map((w) => w.peakRssMb());
    const clientStats = clients ? await clients.finish(timings.finalVersion) : null;
    const truth = await checkTruth(db, corpus, stack.baseUrl, watcher.state, timings);
    const seconds = (lastDeltaAt - uploaded.firstByteAt) / 1000;
    return {
      corpus: corpus.name,
      files: fileNames.length,
      rows: corpus.manifest.rows,
      requests: uploaded.requests,
      seconds,
      rowsPerSecond: corpus.manifest.rows / seconds,
      uploadSeconds: (uploaded.allAcceptedAt - uploaded.firstByteAt) / 1000,
      timings,
      webPeakRssMb,
      workerPeakRssMb,
      startRssMb,
      push: watcher.stats(),
      cpu,
      pgWaits,
      deltaLog: watcher.deltas.map((d) => [
        Math.round(d.receivedAt - uploaded.firstByteAt) / 1000,
        d.from,
        d.to,
        Math.round(d.latencyMs),
      ]),
      truth,
      results,
      clients: clientStats,
    };
  } catch (err) {
    const tail = [stack.web, ...stack.workers].map((p) => `--- ${p.role}\n${p.output().slice(-3000)}`).join('\n');
    throw new Error(`${corpus.name}: ${(err as Error).message}\n${tail}`);
  } finally {
    watcher?.close();
    await stack.stop();
    await db.end();
    await disconnectPrisma();
  }
}

async function loadStations(baseUrl: string, token: string, file: string): Promise<void> {
  const res = await fetch(`${baseUrl}/api/admin/stations?${new URLSearchParams({ filename: path.basename(file) })}`, {
    method: 'PUT',
    body: await readFile(file),
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
  });
  if (!res.ok) throw new Error(`PUT /api/admin/stations: HTTP ${res.status} ${await res.text()}`);
}
