// Ingest worker: wiring only. Takes chunk jobs from BullMQ and hands them to lib/tally/processChunkJob.
import 'dotenv/config';
import { UnrecoverableError, Worker } from 'bullmq';
import { disconnectPrisma } from '../lib/db';
import { log } from '../lib/log';
import os from 'node:os';
import { closeIngestQueue, getIngestQueue, INGEST_QUEUE, type ChunkJob } from '../lib/queue';
import { recordJobDuration, type JobOutcome } from '../lib/ops/jobDurations';
import { createRedis } from '../lib/redis';
import { checkReadyToServe, startupOrExit } from '../lib/startup';
import { ChunkMissing, processChunkJob } from '../lib/tally/processChunkJob';
import { sweepUploads } from '../lib/uploads/sweepUploads';
import { failUpload } from '../lib/uploads/uploadProgress';

process.env.TALLY_PROCESS ??= 'worker';
const env = await startupOrExit('tally worker', checkReadyToServe);

const redis = createRedis('tally-worker-cmd');
const bullConnection = createRedis('tally-worker-bull');
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
    connection: bullConnection,
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

// Job durations go into one histogram in Redis that every web node's /api/metrics reads (lib/ops/jobDurations.ts
// says why not a metrics port per worker). Recording is best effort: a metric must never fail a chunk.
const recording = new Set<Promise<void>>();
function recordDuration(job: { processedOn?: number; finishedOn?: number }, outcome: JobOutcome) {
  if (!job.processedOn) return;
  const seconds = ((job.finishedOn ?? Date.now()) - job.processedOn) / 1000;
  const p = recordJobDuration(redis, env.QUEUE_PREFIX, outcome, seconds)
    .catch((err) => log.debug({ err: (err as Error).message }, 'job duration not recorded'))
    .finally(() => recording.delete(p));
  recording.add(p);
}
worker.on('completed', (job) => recordDuration(job, 'completed'));

worker.on('failed', async (job, err) => {
  if (!job) return;
  recordDuration(job, 'failed');
  const final = err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
  log.warn({ jobId: job.id, attempt: job.attemptsMade, final, err: err.message }, 'chunk job failed');
  if (final) {
    await failUpload(job.data.uploadId, `chunk ${job.data.seq} could not be applied: ${err.message}`);
  }
});
worker.on('error', (err) => log.error({ err: err.message }, 'worker error'));
// Uploads whose web node died mid-file are failed; chunks whose job a Redis restart lost are enqueued again.
let sweeping: Promise<void> | null = null;
function sweep(): Promise<void> {
  sweeping ??= sweepOnce().finally(() => (sweeping = null));
  return sweeping;
}
async function sweepOnce() {
  try {
    const report = await sweepUploads(getIngestQueue(), env.STALLED_UPLOAD_MS);
    if (report.stalled.length + report.requeued + report.failed.length > 0) log.warn(report, 'sweep repaired uploads');
  } catch (err) {
    log.warn({ err: (err as Error).message }, 'sweep failed; will try again');
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
  await sweeping;
  await Promise.allSettled(recording);
  await closeIngestQueue();
  await Promise.allSettled([redis.quit(), bullConnection.quit()]);
  await disconnectPrisma();
  log.info('worker stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
