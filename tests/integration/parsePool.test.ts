// The web node's parse threads: files parsed off the main thread, one chunk in flight at a time, failures contained.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { decodeChunk } from '../../lib/uploads/chunkCodec';
import type { ChunkSink } from '../../lib/uploads/parseFileToChunks';
import { ParsePool } from '../../lib/uploads/parsePool';
import { emptyExpected, peruRows, toCsv } from '../support/fixtures';

const entry = fileURLToPath(new URL('../../lib/uploads/parseThread.ts', import.meta.url));
const pool = new ParsePool(entry, 2);
const UPLOAD = '2f0a4c3e-8a51-4b9e-9c1d-6a7e5b3c2d10';
afterAll(() => pool.close());

async function csvFile(rows: number): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tally-pool-'));
  const file = path.join(dir, 'votes.csv');
  await writeFile(file, toCsv(peruRows(3, rows, emptyExpected(), 70_000_000)));
  return file;
}

it('parses in a thread into chunks in file order, storing up to 3 at once while it goes on (never more)', async () => {
  const file = await csvFile(2_500);
  const seen: { seq: number; rows: number; first: number }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const sink: ChunkSink = {
    format: async (f) => expect(f).toBe('csv'),
    chunk: async (seq, rows, payload) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 20));
      seen.push({ seq, rows, first: Number(String(decodeChunk(payload, UPLOAD).copy).split('\t', 2)[1]) });
      inFlight--;
    },
    errors: async () => {},
  };
  const outcome = await pool.parse(file, {}, { uploadId: UPLOAD, chunkRows: 300, maxRows: 1_000_000 }, sink);
  expect(outcome).toEqual({ ok: true, rowsTotal: 2_500, rowsRejected: 0, chunks: 9, stationRows: 0 });
  seen.sort((a, b) => a.seq - b.seq);
  expect(seen).toEqual(Array.from({ length: 9 }, (_, seq) => ({ seq, rows: seq < 8 ? 300 : 100, first: 2 + seq * 300 })));
  // Storing is slower than parsing here, so the window fills: 3 at once, and the parser waits for the 4th.
  expect(maxInFlight).toBe(3);
});

it('a file that cannot be read ends with a reason; a failing store rejects the file and the pool carries on', async () => {
  const missing = await pool.parse('/nonexistent/votes.csv', {}, { uploadId: UPLOAD, chunkRows: 1000, maxRows: 10 }, { format: async () => {}, chunk: async () => {}, errors: async () => {} });
  expect(missing.ok).toBe(false);

  const file = await csvFile(3_000);
  const broken: ChunkSink = { format: async () => {}, chunk: async () => Promise.reject(new Error('database gone')), errors: async () => {} };
  await expect(pool.parse(file, {}, { uploadId: UPLOAD, chunkRows: 1000, maxRows: 1_000_000 }, broken)).rejects.toThrow('database gone');

  let chunks = 0;
  const ok = await pool.parse(file, {}, { uploadId: UPLOAD, chunkRows: 1000, maxRows: 1_000_000 }, { format: async () => {}, chunk: async () => void chunks++, errors: async () => {} });
  expect(ok).toMatchObject({ ok: true, rowsTotal: 3_000 });
  expect(chunks).toBe(3);
});
