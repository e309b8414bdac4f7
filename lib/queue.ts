import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { getEnv } from './env';
import type { VoteRow, VoteStatus } from './ingest/types';
import { createRedis } from './redis';

// Queue names, job payloads and the staged-chunk shape: the contract between web nodes and workers.

export const INGEST_QUEUE = 'ingest';

/** A job names one staged chunk; the rows themselves wait in Postgres (staged_chunk) until the chunk is applied. */
export interface ChunkJob {
  uploadId: string;
  seq: number;
}

/** Rows of one chunk, column-wise: the shape the worker hands to Postgres `unnest` without reshaping. */
export interface Chunk {
  row: number[];
  region: string[];
  province: string[];
  district: string[];
  candidate: string[];
  status: VoteStatus[];
  votes: number[];
  voterId: (string | null)[];
  /** JSON text of the extra attributes, or null. */
  extra: (string | null)[];
}

export function emptyChunk(): Chunk {
  return { row: [], region: [], province: [], district: [], candidate: [], status: [], votes: [], voterId: [], extra: [] };
}

/** One row as staged: a VoteRow with its row number and its extra attributes as JSON text. */
export type ChunkRow = Omit<VoteRow, 'extra'> & { row: number; extra: string | null };

export function pushRow(chunk: Chunk, r: ChunkRow): void {
  chunk.row.push(r.row);
  chunk.region.push(r.region);
  chunk.province.push(r.province);
  chunk.district.push(r.district);
  chunk.candidate.push(r.candidate);
  chunk.status.push(r.status);
  chunk.votes.push(r.votes);
  chunk.voterId.push(r.voterId);
  chunk.extra.push(r.extra);
}

/** Appends a parsed vote without building an intermediate row object (the per-row hot path of staging). */
export function pushVote(chunk: Chunk, row: number, v: VoteRow): void {
  chunk.row.push(row);
  chunk.region.push(v.region);
  chunk.province.push(v.province);
  chunk.district.push(v.district);
  chunk.candidate.push(v.candidate);
  chunk.status.push(v.status);
  chunk.votes.push(v.votes);
  chunk.voterId.push(v.voterId);
  chunk.extra.push(v.extra ? JSON.stringify(v.extra) : null);
}

/** BullMQ job ids may not contain ':' nor be all digits. */
export function chunkJobId(job: ChunkJob): string {
  return `${job.uploadId}_${job.seq}`;
}

const KEY = Symbol.for('tally.ingestQueue');
type Holder = { [KEY]?: { queue: Queue<ChunkJob>; connection: Redis } };

export function getIngestQueue(): Queue<ChunkJob> {
  const g = globalThis as Holder;
  if (!g[KEY]) {
    const connection = createRedis('tally-queue');
    const queue = new Queue<ChunkJob>(INGEST_QUEUE, {
      connection,
      prefix: getEnv().QUEUE_PREFIX,
      defaultJobOptions: {
        // Applying a chunk is idempotent, so retrying is always safe; backoff rides out a database restart.
        attempts: 12,
        backoff: { type: 'exponential', delay: 500 },
        removeOnComplete: { count: 1000 },
        removeOnFail: { count: 5000 },
      },
    });
    g[KEY] = { queue, connection };
  }
  return g[KEY]!.queue;
}

/** Enqueues chunk jobs under their fixed ids: a job that still exists is left as it is, so enqueueing again after
 * a lost queue (or twice by accident) never makes a second job for one chunk. */
export async function enqueueChunkJobs(jobs: readonly ChunkJob[]): Promise<void> {
  if (jobs.length === 0) return;
  await getIngestQueue().addBulk(jobs.map((data) => ({ name: 'chunk', data, opts: { jobId: chunkJobId(data) } })));
}

export async function closeIngestQueue(): Promise<void> {
  const g = globalThis as Holder;
  const held = g[KEY];
  g[KEY] = undefined;
  if (held) {
    await held.queue.close();
    await held.connection.quit().catch(() => held.connection.disconnect());
  }
}
