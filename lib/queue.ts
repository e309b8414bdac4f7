import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { getEnv } from './env';
import { createRedis } from './redis';

// Queue names and job payloads: the contract between web nodes and workers (the staged rows' shape is lib/chunk.ts).

export const INGEST_QUEUE = 'ingest';

/** A job names one staged chunk; the rows themselves wait in Postgres (staged_chunk) until the chunk is applied. */
export interface ChunkJob {
  uploadId: string;
  seq: number;
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
