// The generator's stream mode: writes one corpus file at a time and POSTs it to a running Tally at a set pace,
// so a dashboard can be watched filling up live. When the corpus is exhausted it goes on with the next seed.
import { openAsBlob } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { corpusFiles, DEFAULT_FORMAT, type CorpusSpec } from '../lib/generate/corpus';
import { writeRows } from '../lib/generate/writeRows';

export interface StreamOptions {
  url: string;
  token: string;
  everyMs: number;
  /** Stop after this many files (default: never). */
  limit?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function streamUploads(spec: CorpusSpec, opts: StreamOptions): Promise<void> {
  const format = spec.format ?? DEFAULT_FORMAT[spec.shape];
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tally-stream-'));
  let stopping = false;
  process.once('SIGINT', () => (stopping = true));
  let sent = 0;
  try {
    for (let seed = spec.seed; !stopping; seed++) {
      for (const file of corpusFiles({ ...spec, seed, format })) {
        if (stopping || (opts.limit !== undefined && sent >= opts.limit)) return;
        const started = Date.now();
        const name = `s${seed}-${file.name}`;
        const filePath = path.join(dir, name);
        await writeRows(filePath, format, file.columns, (function* () {
          for (const r of file.rows()) yield r.cells;
        })(), { sharedStrings: spec.shape === 'peru', sheetName: spec.shape });
        const form = new FormData();
        form.append('file', await openAsBlob(filePath), name);
        const res = await fetch(new URL('/api/uploads', opts.url), { method: 'POST', body: form, headers: { authorization: `Bearer ${opts.token}` } });
        const body = (await res.json().catch(() => ({}))) as { uploads?: { id: string }[]; error?: { message: string } };
        await rm(filePath, { force: true });
        sent++;
        console.log(`${new Date().toISOString()} ${name}: ${file.rowCount} rows → ${res.status} ${body.uploads?.[0]?.id ?? body.error?.message ?? ''}`);
        if (res.status === 401 || res.status === 403) throw new Error('the token was refused');
        await sleep(Math.max(0, opts.everyMs - (Date.now() - started)));
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
