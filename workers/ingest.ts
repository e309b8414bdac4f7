// Ingest worker: wiring only. Takes chunk jobs from BullMQ and hands them to lib/tally/processChunkJob.
import 'dotenv/config';
import { UnrecoverableError, Worker } from 'bullmq';
import { disconnectPrisma } from '../lib/db';
import { log } from '../lib/log';
import { INGEST_QUEUE, type ChunkJob } from '../lib/queue';
import { createRedis } from '../lib/redis';
import { checkReadyToServe, startupOrExit } from '../lib/startup';
import { ChunkMissing, processChunkJob } from '../lib/tally/processChunkJob';
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
log.info({ concurrency: env.WORKER_CONCURRENCY }, 'ingest worker ready');

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'worker stopping: finishing jobs in hand');
  // close() waits for active jobs; a job cut off by SIGKILL instead is retried elsewhere and is a no-op if committed.
  await worker.close();
  await redis.quit().catch(() => {});
  await disconnectPrisma();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
