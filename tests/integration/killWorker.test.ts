// Exactly-once under crashes: real ingest worker processes are SIGKILLed while they are applying chunks, several
// times, and BullMQ redelivers their jobs. The final database state is checked against a truth computed from the
// fixtures (never from the product's own summaries).
//
// Two kinds of kill, alternating:
//  - "mid-job": SIGKILL the moment the worker holds a chunk (BullMQ shows the job active and processed by that
//    process) — usually while it loads the staged rows or in the middle of the Postgres transaction, which must then
//    leave no trace at all.
//  - "after commit": each worker reaches Redis through its own little TCP gate in this test. The gate is frozen
//    (the worker's Redis commands go nowhere) while the worker holds a chunk; its transaction still commits, but the
//    worker can neither publish nor acknowledge the job. Then it is SIGKILLed. BullMQ redelivers a job whose chunk
//    IS committed: only the chunk guard stops it from being counted twice.
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// getEnv() caches on first call; set the chunk size before any product module can read the environment.
vi.hoisted(() => {
  process.env.CHUNK_ROWS = '100';
});

import { disconnectPrisma, getPrisma } from '../../lib/db';
import { getEnv } from '../../lib/env';
import { chunkJobId, closeIngestQueue, getIngestQueue, INGEST_QUEUE, type ChunkJob } from '../../lib/queue';
import { closeRedis, createRedis, getRedis } from '../../lib/redis';
import { processChunkJob } from '../../lib/tally/processChunkJob';
import { stageUpload } from '../../lib/uploads/stageUpload';
import { emptyExpected, mergeExpected, peruRows, rng, toCsv, usVotes, type Expected } from '../support/fixtures';
import { startProcess, waitFor, type Running } from '../support/processes';
import { resetState } from '../support/resetState';
import { TcpRelay } from '../support/tcpRelay';

const CHUNK_ROWS = 100;
const SEED = Number(process.env.TEST_KILL_SEED ?? 20261123);
const MIN_KILLS = 6;
const MAX_KILLS = 10;
const INGEST_DEADLINE_MS = 90_000;
/** How long a frozen worker is left running before the SIGKILL: enough for a transaction in hand to commit. */
const FREEZE_MS = 250;
/** Short locks so a killed worker's jobs come back in seconds, not after BullMQ's default 30 s (+ 2 stall checks). */
const WORKER_LOCK_MS = '2000';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Active jobs per worker pid (workers/ingest.ts names each worker `host:pid`; BullMQ records it on the job). */
async function jobsHeld(): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const job of await getIngestQueue().getActive()) {
    const pid = Number(job.processedBy?.split(':').at(-1));
    if (pid) out.set(pid, (out.get(pid) ?? 0) + 1);
  }
  return out;
}

interface Slot {
  n: number;
  run: Running;
  gate: TcpRelay;
  killed: boolean;
}

interface FileCase {
  name: string;
  rows: number;
  expected: Expected;
  uploadId: string;
  chunks: number;
}

/** The expected tallies as `region|candidate|valid` → votes, with blank/null votes per region as `region|blank`. */
function expectedCells(e: Expected): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [region, r] of Object.entries(e.regions)) {
    for (const [candidate, n] of Object.entries(r.candidates)) out[`${region}|${candidate}|valid`] = n;
    if (r.blank) out[`${region}|blank`] = r.blank;
    if (r.null) out[`${region}|null`] = r.null;
  }
  return out;
}

async function tallyCells(): Promise<Record<string, number>> {
  const rows = await getPrisma().$queryRaw<{ region: string; candidate: string; status: string; votes: bigint }[]>`
    SELECT region, candidate, status, sum(votes)::bigint AS votes FROM tally GROUP BY region, candidate, status`;
  const out: Record<string, number> = {};
  for (const r of rows) {
    const key = r.status === 'valid' ? `${r.region}|${r.candidate}|valid` : `${r.region}|${r.status}`;
    out[key] = (out[key] ?? 0) + Number(r.votes);
  }
  for (const k of Object.keys(out)) if (out[k] === 0) delete out[k];
  return out;
}

/** Everything a duplicate delivery must not change. */
async function countedState() {
  const prisma = getPrisma();
  const [records] = await prisma.$queryRaw<{ n: bigint; votes: bigint }[]>`
    SELECT count(*) AS n, coalesce(sum(votes), 0)::bigint AS votes FROM vote_record`;
  const [versions] = await prisma.$queryRaw<{ version: bigint; deltas: bigint; chunks: bigint }[]>`
    SELECT (SELECT version FROM tally_version WHERE id = 1) AS version, (SELECT count(*) FROM tally_delta) AS deltas,
           (SELECT count(*) FROM upload_chunk) AS chunks`;
  const uploads = await prisma.$queryRaw<unknown[]>`
    SELECT id::text, status, rows_total, rows_accepted, rows_rejected, votes_accepted::bigint::text AS votes,
           chunks_done, chunks_total
    FROM upload ORDER BY id`;
  return {
    tallies: await tallyCells(),
    records: { n: Number(records.n), votes: Number(records.votes) },
    version: Number(versions.version),
    deltas: Number(versions.deltas),
    chunks: Number(versions.chunks),
    uploads,
  };
}

describe('a vote is counted exactly once while real workers are SIGKILLed mid-ingest', () => {
  const prefix = process.env.QUEUE_PREFIX!;
  const files: FileCase[] = [];
  const slots: Slot[] = [];
  /** Raw staged chunks saved before any worker ran, to deliver them again later. */
  const savedChunks: { job: ChunkJob; raw: Uint8Array<ArrayBuffer> }[] = [];
  const completions: { jobId: string; applied: boolean | undefined }[] = [];
  const stalled: string[] = [];
  const failed: { jobId: string; reason: string }[] = [];
  let queueEvents: QueueEvents | undefined;
  let eventsConnection: ReturnType<typeof createRedis> | undefined;
  let totalChunks = 0;
  let slotCounter = 0;

  async function startWorker(): Promise<Slot> {
    const gate = new TcpRelay(new URL(process.env.REDIS_URL!));
    const redisUrl = await gate.listen();
    const run = startProcess('workers/ingest.ts', {
      DATABASE_URL: process.env.DATABASE_URL,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      TALLY_PROCESS: 'worker',
      WORKER_CONCURRENCY: '2',
      // lockDuration and stalledInterval of the BullMQ Worker (workers/ingest.ts; its maxStalledCount of 10 is above
      // MAX_KILLS, so no job can be failed for stalling too often here).
      WORKER_LOCK_MS,
    });
    const slot = { n: ++slotCounter, run, gate, killed: false };
    slots.push(slot);
    return slot;
  }

  function assertNoUnexpectedExit(): void {
    for (const s of slots) {
      if (!s.killed && (s.run.proc.exitCode !== null || s.run.proc.signalCode !== null)) {
        throw new Error(`worker #${s.n} exited on its own (code ${s.run.proc.exitCode}, signal ${s.run.proc.signalCode}):\n${s.run.output()}`);
      }
    }
  }

  beforeAll(async () => {
    await resetState(process.env.DATABASE_URL!, process.env.REDIS_URL!, prefix);
    expect(getEnv().CHUNK_ROWS).toBe(CHUNK_ROWS);

    // Three Peruvian csv files (voter id = dni, distinct across files) and one JSON stream of polling-station
    // counts (vote_count 1–3) WITHOUT voter ids: for those rows the chunk guard is the only thing that stops a
    // redelivered chunk from counting twice.
    const inputs: { name: string; body: string; rows: number; expected: Expected }[] = [];
    for (const [i, dniBase] of [41_000_000, 42_000_000, 43_000_000].entries()) {
      const expected = emptyExpected();
      const rows = 6000;
      inputs.push({ name: `peru-${i + 1}.csv`, body: toCsv(peruRows(100 + i, rows, expected, dniBase)), rows, expected });
    }
    {
      const expected = emptyExpected();
      const rows = 4000;
      const votes = usVotes(200, rows, expected).map(({ vote_id: _drop, ...rest }) => rest);
      expect(expected.votes).toBeGreaterThan(rows);
      // Staged second, so its chunks are being applied while the kills happen.
      inputs.splice(1, 0, { name: 'stations.json', body: JSON.stringify(votes), rows, expected });
    }

    const prisma = getPrisma();
    for (const input of inputs) {
      const bytes = Buffer.from(input.body, 'utf8');
      const upload = await prisma.upload.create({
        data: {
          filename: input.name,
          sha256: createHash('sha256').update(bytes).digest('hex'),
          sizeBytes: BigInt(bytes.length),
          status: 'queued',
        },
      });
      const filePath = path.join(os.tmpdir(), `tally-kill-${upload.id}-${input.name}`);
      await writeFile(filePath, bytes);
      await stageUpload(upload.id, filePath); // removes the file
      const chunks = Math.ceil(input.rows / CHUNK_ROWS);
      files.push({ name: input.name, rows: input.rows, expected: input.expected, uploadId: upload.id, chunks });
      totalChunks += chunks;
    }

    // Every file staged whole and its jobs enqueued, before any worker exists.
    const staged = await prisma.upload.findMany({ where: { id: { in: files.map((f) => f.uploadId) } } });
    for (const f of files) {
      const u = staged.find((s) => s.id === f.uploadId)!;
      expect(u, f.name).toMatchObject({ status: 'processing', rowsTotal: f.rows, rowsRejected: 0, chunksTotal: f.chunks, chunksDone: 0 });
    }
    expect(await getIngestQueue().getWaitingCount()).toBe(totalChunks);

    // Keep a few staged chunks (first of every file, last of the JSON one) for the duplicate-delivery test.
    for (const f of files) {
      for (const seq of f.name.endsWith('.json') ? [0, f.chunks - 1] : [0]) {
        const row = await prisma.stagedChunk.findUnique({ where: { uploadId_seq: { uploadId: f.uploadId, seq } } });
        expect(row, `${f.name} chunk ${seq}`).not.toBeNull();
        savedChunks.push({ job: { uploadId: f.uploadId, seq }, raw: row!.payload });
      }
    }

    eventsConnection = createRedis('kill-test-events');
    queueEvents = new QueueEvents(INGEST_QUEUE, { connection: eventsConnection, prefix });
    queueEvents.on('completed', ({ jobId, returnvalue }) => {
      const value = (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as { applied?: boolean } | null;
      completions.push({ jobId, applied: value?.applied });
    });
    queueEvents.on('stalled', ({ jobId }) => stalled.push(jobId));
    queueEvents.on('failed', ({ jobId, failedReason }) => failed.push({ jobId, reason: failedReason }));
    await queueEvents.waitUntilReady();
  });

  afterAll(async () => {
    await Promise.all(
      slots.map(async (s) => {
        const timer = setTimeout(() => void s.run.stop('SIGKILL'), 10_000);
        await s.run.stop('SIGTERM');
        clearTimeout(timer);
      }),
    );
    for (const s of slots) s.gate.close();
    await queueEvents?.close();
    await eventsConnection?.quit().catch(() => eventsConnection?.disconnect());
    await closeIngestQueue();
    await closeRedis();
    await disconnectPrisma();
  });

  it('counts every row exactly once though workers are killed mid-transaction and after commit', { timeout: 110_000 }, async () => {
    const rand = rng(SEED);
    const prisma = getPrisma();
    const started = Date.now();
    await startWorker();
    await startWorker();

    const kills: { worker: number; mode: 'mid-job' | 'after-commit'; inHand: number; chunksApplied: number; at: number }[] = [];
    let lastKillChunks = 0;
    let nextKillAt = Date.now() + 300 + rand() * 600;
    let lastPoll = 0;
    let applied = 0;

    for (;;) {
      assertNoUnexpectedExit();
      if (Date.now() - lastPoll >= 100) {
        lastPoll = Date.now();
        const [p] = await prisma.$queryRaw<{ done: bigint; failed: bigint; reasons: string | null; chunks: bigint }[]>`
          SELECT count(*) FILTER (WHERE status = 'done') AS done, count(*) FILTER (WHERE status = 'failed') AS failed,
                 string_agg(error_message, '; ') AS reasons, (SELECT count(*) FROM upload_chunk) AS chunks
          FROM upload`;
        applied = Number(p.chunks);
        if (Number(p.failed) > 0) throw new Error(`an upload failed during the kills: ${p.reasons}`);
        if (Number(p.done) === files.length) {
          // All chunks are committed; a job cut off after its commit may still wait for its redelivery: let it run.
          const q = await getIngestQueue().getJobCounts('waiting', 'active', 'delayed');
          if (q.waiting + q.active + q.delayed === 0) break;
        }
        if (Date.now() - started > INGEST_DEADLINE_MS) {
          throw new Error(
            `ingest did not complete within ${INGEST_DEADLINE_MS / 1000} s: ${applied}/${totalChunks} chunks applied after ` +
              `${kills.length} kills, ${stalled.length} stalled jobs redelivered. Is WORKER_LOCK_MS ` +
              `honoured by workers/ingest.ts? Last worker output:\n${slots.at(-1)?.run.output()}`,
          );
        }
      }

      // Kill only a worker that holds a chunk right now, and only once more chunks were applied since the last kill.
      if (kills.length < MAX_KILLS && Date.now() >= nextKillAt && applied > lastKillChunks) {
        const held = await jobsHeld();
        const holding = slots.filter((s) => !s.killed && (held.get(s.run.proc.pid!) ?? 0) > 0);
        if (holding.length > 0) {
          const victim = holding[Math.floor(rand() * holding.length)];
          const mode = kills.length % 2 === 0 ? 'mid-job' : 'after-commit';
          const inHand = held.get(victim.run.proc.pid!)!;
          victim.killed = true;
          await startWorker(); // the replacement boots while the victim dies
          if (mode === 'after-commit') {
            victim.gate.freeze();
            await sleep(FREEZE_MS);
          }
          await victim.run.stop('SIGKILL');
          victim.gate.close();
          kills.push({ worker: victim.n, mode, inHand, chunksApplied: applied, at: Date.now() - started });
          lastKillChunks = applied;
          nextKillAt = Date.now() + 300 + rand() * 600;
        }
      }
      await sleep(5);
    }

    const elapsed = Date.now() - started;
    const redeliveredCommitted = completions.filter((c) => c.applied === false).length;
    console.info(
      `[killWorker] seed ${SEED}: ${kills.length} kills (${kills.map((k) => `${k.mode}@${k.at}ms/${k.inHand}`).join(', ')}), ` +
        `${stalled.length} stalled jobs redelivered, ${redeliveredCommitted} redeliveries of already-committed chunks, ` +
        `${totalChunks} chunks in ${elapsed} ms`,
    );

    // The kills really happened mid-ingest and really caused redeliveries.
    expect(kills.length, `ingest finished after only ${kills.length} kills`).toBeGreaterThanOrEqual(MIN_KILLS);
    expect(kills.filter((k) => k.mode === 'after-commit').length).toBeGreaterThanOrEqual(MIN_KILLS / 2);
    expect(stalled.length, 'no killed job was redelivered').toBeGreaterThan(0);
    expect(failed, 'no job may fail').toEqual([]);

    // Every upload done with its exact counters.
    const uploads = await prisma.upload.findMany({ where: { id: { in: files.map((f) => f.uploadId) } } });
    for (const f of files) {
      const u = uploads.find((x) => x.id === f.uploadId)!;
      expect.soft(
        { status: u.status, rowsTotal: u.rowsTotal, rowsAccepted: u.rowsAccepted, rowsRejected: u.rowsRejected, votesAccepted: Number(u.votesAccepted), chunksDone: u.chunksDone, chunksTotal: u.chunksTotal },
        f.name,
      ).toEqual({ status: 'done', rowsTotal: f.rows, rowsAccepted: f.rows, rowsRejected: 0, votesAccepted: f.expected.votes, chunksDone: f.chunks, chunksTotal: f.chunks });
    }
    expect.soft(await prisma.uploadError.count(), 'rows listed as rejected').toBe(0);

    // Tallies per region/candidate (valid) and invalid per region equal the independently computed truth.
    const truth = mergeExpected(files.map((f) => f.expected));
    expect.soft(await tallyCells(), 'tallies').toEqual(expectedCells(truth));

    // Raw rows: each stored once, no more, no fewer.
    const totalRows = files.reduce((n, f) => n + f.rows, 0);
    const [records] = await prisma.$queryRaw<{ n: bigint; votes: bigint; keys: bigint }[]>`
      SELECT count(*) AS n, sum(votes)::bigint AS votes, count(DISTINCT (upload_id, row_number)) AS keys FROM vote_record`;
    expect.soft({ n: Number(records.n), votes: Number(records.votes), keys: Number(records.keys) }, 'vote_record').toEqual({ n: totalRows, votes: truth.votes, keys: totalRows });
    const perUpload = await prisma.$queryRaw<{ upload_id: string; n: bigint; votes: bigint }[]>`
      SELECT upload_id::text, count(*) AS n, sum(votes)::bigint AS votes FROM vote_record GROUP BY upload_id`;
    for (const f of files) {
      const r = perUpload.find((x) => x.upload_id === f.uploadId);
      expect.soft({ n: Number(r?.n), votes: Number(r?.votes) }, `vote_record of ${f.name}`).toEqual({ n: f.rows, votes: f.expected.votes });
    }

    // One guard row per chunk, one version per applied chunk, versions exactly 1..N with no gaps.
    const [v] = await prisma.$queryRaw<
      { version: bigint; chunks: bigint; chunk_versions: bigint; cmin: bigint; cmax: bigint; deltas: bigint; dmin: bigint; dmax: bigint; chunk_rows: bigint }[]
    >`
      SELECT (SELECT version FROM tally_version WHERE id = 1) AS version,
             count(*) AS chunks, count(DISTINCT version) AS chunk_versions, min(version) AS cmin, max(version) AS cmax,
             sum(rows)::bigint AS chunk_rows,
             (SELECT count(*) FROM tally_delta) AS deltas, (SELECT min(version) FROM tally_delta) AS dmin,
             (SELECT max(version) FROM tally_delta) AS dmax
      FROM upload_chunk`;
    const n = totalChunks;
    expect.soft(Object.fromEntries(Object.entries(v).map(([k, x]) => [k, Number(x)])), 'versions').toEqual({
      version: n,
      chunks: n,
      chunk_versions: n,
      cmin: 1,
      cmax: n,
      chunk_rows: totalRows,
      deltas: n,
      dmin: 1,
      dmax: n,
    });
    const [mismatch] = await prisma.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM upload_chunk c LEFT JOIN tally_delta d ON d.version = c.version
      WHERE d.version IS NULL OR d.upload_id <> c.upload_id`;
    expect.soft(Number(mismatch.n), 'every chunk version has its own delta of the same upload').toBe(0);

    // The queue is drained: nothing waiting, running, retrying or failed.
    const counts = await getIngestQueue().getJobCounts('waiting', 'active', 'delayed', 'failed');
    expect(counts).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });

    // ...and the kills did test the guard: some redelivered job found its chunk already committed (a no-op).
    expect(redeliveredCommitted, 'no redelivery hit an already-committed chunk').toBeGreaterThan(0);
  });

  it('a chunk job delivered again after completion changes nothing', async () => {
    const prisma = getPrisma();
    const before = await countedState();
    expect(before.chunks).toBe(totalChunks);
    const queue = getIngestQueue();
    const redis = getRedis();
    const restage = (job: ChunkJob, raw: Uint8Array<ArrayBuffer>) =>
      prisma.stagedChunk.create({ data: { uploadId: job.uploadId, seq: job.seq, rows: CHUNK_ROWS, payload: raw } });

    // The same job data again under new job ids, with the staged rows put back (as if staged twice): a live worker
    // processes them, the guard makes them no-ops.
    const again = [];
    for (const { job, raw } of savedChunks) {
      await restage(job, raw);
      again.push(await queue.add('chunk', job, { jobId: `${chunkJobId(job)}_again` }));
    }
    const alive = slots.filter((s) => !s.killed);
    expect(alive.length).toBeGreaterThan(0);
    for (const job of again) {
      const state = await waitFor(`job ${job.id} to finish`, async () => {
        const s = await job.getState();
        return s === 'completed' || s === 'failed' ? s : undefined;
      }, 30_000);
      expect(state, `job ${job.id}`).toBe('completed');
      const done = await queue.getJob(job.id!);
      expect(done?.returnvalue, `job ${job.id}`).toEqual({ applied: false });
      expect(await prisma.stagedChunk.count({ where: { uploadId: job.data.uploadId, seq: job.data.seq } }), 'the redelivered chunk is cleaned up').toBe(0);
    }

    // The processor itself, in this process, twice over: with the staged rows present, and with them gone.
    const { job, raw } = savedChunks.at(-1)!;
    await restage(job, raw);
    expect(await processChunkJob(job, redis)).toEqual({ applied: false });
    expect(await processChunkJob(job, redis)).toEqual({ applied: false });

    expect(await countedState()).toEqual(before);
    expect(await prisma.uploadError.count()).toBe(0);
  });
});
