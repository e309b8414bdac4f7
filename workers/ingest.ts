// Ingest worker: wiring only. Takes chunk jobs from BullMQ and hands them to lib/tally/processChunkJob.
import 'dotenv/config';
import { UnrecoverableError, Worker } from 'bullmq';
import { disconnectPrisma } from '../lib/db';
import { log } from '../lib/log';
import os from 'node:os';
import { closeIngestQueue, getIngestQueue, INGEST_QUEUE, type ChunkJob } from '../lib/queue';
import { createRedis } from '../lib/redis';
import { checkReadyToServe, startupOrExit } from '../lib/startup';
import { ChunkMissing, processChunkJob } from '../lib/tally/processChunkJob';
import { sweepUploads } from '../lib/uploads/sweepUploads';
import { failUpload } from '../lib/uploads/uploadProgress';

process.env.TALLY_PROCESS ??= 'worker';
const env = await startupOrExit('tally worker', checkReadyToServe);

const redis = createRedis('tally-worker-cmd');
const worker = new Worker<ChunkJob>(
  INGEST_QUEUE,
  async (job) => {
    try {
      return await processChunkJob(job.data, redis);
    } catch (err) {
      if (err instanceof ChunkMissing) throw new UnrecoverableError(err.message);
      throw err;
    }
  },
  {
    connection: createRedis('tally-worker-bull'),
    prefix: env.QUEUE_PREFIX,
    // Shown on each job it takes (job.processedBy): which process holds a chunk.
    name: `${os.hostname()}:${process.pid}`,
    concurrency: env.WORKER_CONCURRENCY,
    lockDuration: env.WORKER_LOCK_MS,
    stalledInterval: env.WORKER_LOCK_MS,
    // A chunk whose worker keeps dying is retried this often before it fails the upload.
    maxStalledCount: 10,
  },
);

worker.on('failed', async (job, err) => {
  if (!job) return;
  const final = err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
  log.warn({ jobId: job.id, attempt: job.attemptsMade, final, err: err.message }, 'chunk job failed');
  if (final) {
    await failUpload(job.data.uploadId, `chunk ${job.data.seq} could not be applied: ${err.message}`);
  }
});
worker.on('error', (err) => log.error({ err: err.message }, 'worker error'));
// Uploads whose web node died mid-file are failed; chunks whose job a Redis restart lost are enqueued again.
let sweeping = false;
async function sweep() {
  if (sweeping) return;
  sweeping = true;
  try {
    const report = await sweepUploads(getIngestQueue(), env.STALLED_UPLOAD_MS);
    if (report.stalled.length + report.requeued + report.failed.length > 0) log.warn(report, 'sweep repaired uploads');
  } catch (err) {
    log.warn({ err: (err as Error).message }, 'sweep failed; will try again');
  } finally {
    sweeping = false;
  }
}
const sweeper = setInterval(() => void sweep(), Math.max(250, Math.floor(env.STALLED_UPLOAD_MS / 4)));
void sweep();

log.info({ concurrency: env.WORKER_CONCURRENCY }, 'ingest worker ready');

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'worker stopping: finishing jobs in hand');
  clearInterval(sweeper);
  // close() waits for active jobs; a job cut off by SIGKILL instead is retried elsewhere and is a no-op if committed.
  await worker.close();
  await closeIngestQueue();
  await redis.quit().catch(() => {});
  await disconnectPrisma();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
