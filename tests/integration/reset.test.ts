// Reset during ingest (issue 5's rule): uploads running at that moment are cancelled, nothing half-counted stays,
// every dashboard drops to exactly zero at once, and the same files can then be counted again, exactly.
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { disconnectPrisma, getPrisma } from '../../lib/db';
import type { ClientToServerEvents, ServerToClientEvents } from '../../lib/events';
import { summarizeCells } from '../../lib/results/summarizeCells';
import { applyDelta, cellsOf, stateFromSnapshot, type TallyState } from '../../lib/tally/tallyState';
import { verifyTallies } from '../../lib/tally/verifyTallies';
import { emptyExpected, mergeExpected, peruRows, resultsAsExpected, toCsv, usVotes } from '../support/fixtures';
import { waitFor } from '../support/processes';
import { getJson, startTestSystem, uploadFiles, type TestSystem } from '../support/system';

type Results = Parameters<typeof resultsAsExpected>[0] & { version: number };

let sys: TestSystem;
let socket: Socket<ServerToClientEvents, ClientToServerEvents>;
let state: TallyState | null = null;
const resets: number[] = [];

beforeAll(async () => {
  // Small chunks and one slow-ish worker: the big file is still being counted when the reset comes.
  sys = await startTestSystem({ workers: 2, env: { CHUNK_ROWS: '100', WORKER_CONCURRENCY: '1' } });
  socket = io(sys.baseUrl, { transports: ['websocket'] });
  socket.on('tally:snapshot', (s) => (state = stateFromSnapshot(s)));
  socket.on('tally:reset', (s) => {
    resets.push(s.version);
    state = stateFromSnapshot(s);
  });
  socket.on('tally:delta', (d) => {
    if (!state) return;
    const next = applyDelta(state, d);
    if (next === 'resync') socket.emit('tally:resync');
    else state = next;
  });
  await waitFor('the first snapshot', async () => state);
}, 120_000);

afterAll(async () => {
  socket?.close();
  await sys?.stop();
  await disconnectPrisma();
});

const big = emptyExpected();
const small = emptyExpected();
const stream = emptyExpected();
const files = [
  { name: 'big.csv', body: toCsv(peruRows(11, 60_000, big, 50_000_000)) },
  { name: 'small.csv', body: toCsv(peruRows(12, 300, small, 60_000_000)) },
  { name: 'stream.json', body: JSON.stringify(usVotes(13, 2_000, stream)) },
];

async function drained(): Promise<void> {
  await waitFor(
    'no upload running, no chunk waiting',
    async () => {
      const running = await getPrisma().upload.count({ where: { status: { in: ['queued', 'processing'] } } });
      const staged = await getPrisma().stagedChunk.count();
      return running === 0 && staged === 0;
    },
    120_000,
  );
  // Jobs still in the queue find nothing staged and end without counting; give them a moment.
  await new Promise((r) => setTimeout(r, 1500));
}

it('cancels running uploads, clears every count and takes every dashboard to zero', async () => {
  const small1 = await uploadFiles(sys, [files[1]]);
  const smallId = ((await small1.json()) as { uploads: { id: string }[] }).uploads[0].id;
  await waitFor('the small file counted', async () => (await getJson<{ status: string }>(sys, `/api/uploads/${smallId}`)).status === 'done');
  const res = await uploadFiles(sys, [files[0], files[2]]);
  expect(res.status).toBe(202);
  // Reset in the middle: some chunks of the big file counted, more waiting.
  await waitFor('part of the big file counted', async () => {
    const u = await getPrisma().upload.findFirst({ where: { filename: 'big.csv' } });
    return u && u.chunksDone > 3 && u.status === 'processing';
  });

  const reset = await fetch(`${sys.baseUrl}/api/admin/reset`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sys.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ confirm: 'RESET' }),
  });
  expect(reset.status).toBe(200);
  const body = (await reset.json()) as { version: number; before: { votes: number }; cancelledUploads: number };
  expect(body.before.votes).toBeGreaterThan(small.votes);
  expect(body.cancelledUploads).toBeGreaterThanOrEqual(1);

  await drained();
  const prisma = getPrisma();
  const sums = await prisma.$queryRaw<{ tally: bigint | null; records: bigint; claims: bigint }[]>`
    SELECT (SELECT sum(votes) FROM tally)::bigint AS tally, (SELECT count(*) FROM vote_record)::bigint AS records,
           (SELECT count(*) FROM voter_claim)::bigint AS claims`;
  expect({ tally: Number(sums[0].tally ?? 0), records: Number(sums[0].records), claims: Number(sums[0].claims) }).toEqual({ tally: 0, records: 0, claims: 0 });
  expect(await verifyTallies()).toMatchObject({ ok: true });

  const uploads = await prisma.upload.findMany();
  expect(uploads.every((u) => u.resetAt !== null)).toBe(true);
  const bigUpload = uploads.find((u) => u.filename === 'big.csv')!;
  expect(bigUpload.status).toBe('failed');
  expect(bigUpload.errorMessage).toMatch(/cancelled by a reset/);

  const results = await getJson<Results>(sys, '/api/results');
  expect(results.totals.votes).toBe(0);
  await waitFor('the socket at the final version', async () => state!.version >= results.version);
  expect(resets).toContain(body.version);
  expect(summarizeCells(state!.version, state!.updatedAt, cellsOf(state!)).totals.votes).toBe(0);

  const audit = await prisma.auditEntry.findFirstOrThrow({ where: { action: 'counts.reset' } });
  expect((audit.details as { before: { votes: number } }).before.votes).toBe(body.before.votes);
}, 180_000);

it('the same files are accepted again after the reset and counted exactly once', async () => {
  const res = await uploadFiles(sys, files);
  expect(res.status).toBe(202);
  const ids = ((await res.json()) as { uploads: { id: string; status: string }[] }).uploads;
  expect(ids.every((u) => u.status !== 'failed')).toBe(true);
  for (const { id } of ids) {
    await waitFor(`upload ${id} done`, async () => (await getJson<{ status: string }>(sys, `/api/uploads/${id}`)).status === 'done', 120_000);
  }
  const results = await getJson<Results>(sys, '/api/results');
  expect(resultsAsExpected(results)).toEqual(mergeExpected([big, small, stream]));
  expect(await verifyTallies()).toMatchObject({ ok: true });
  await waitFor('the socket at the final version', async () => state!.version >= results.version);
  expect(summarizeCells(state!.version, state!.updatedAt, cellsOf(state!)).totals.votes).toBe(results.totals.votes);
}, 180_000);
