import type { Queue } from 'bullmq';
import { getPrisma } from '../db';
import { chunkJobId, enqueueChunkJobs, type ChunkJob } from '../queue';
import { failUpload, publishProgress } from './uploadProgress';

export const STALLED_READ_MESSAGE =
  'reading the file stopped: the web node handling it went away; nothing of it was counted, upload it again';

export interface SweepReport {
  /** Uploads failed because their web node died while reading them. */
  stalled: string[];
  /** Chunk jobs enqueued again because the queue had lost them. */
  requeued: number;
  /** Uploads failed because a chunk's job failed for good without the upload being marked. */
  failed: string[];
}

/**
 * Keeps every upload moving towards done or failed, whatever died on the way (run by every worker, every
 * STALLED_UPLOAD_MS / 4; safe to run anywhere, any number of times at once):
 *  - an upload still being read whose web node stopped signalling for `staleMs` is failed, with nothing counted
 *    (its chunks were never enqueued: that happens only after the whole file is read);
 *  - a staged chunk of a fully read upload whose queue job is gone (a Redis restart keeps nothing) is enqueued
 *    again under the same job id; applying it is idempotent, so a job that did exist is simply left alone.
 */
export async function sweepUploads(queue: Queue<ChunkJob>, staleMs: number): Promise<SweepReport> {
  const prisma = getPrisma();
  // One statement: the upload is failed and its staged rows and row errors are gone at the same instant.
  const stalled = await prisma.$queryRaw<{ id: string }[]>`
    WITH failed AS (
      UPDATE upload SET status = 'failed', error_message = ${STALLED_READ_MESSAGE}, rows_rejected = 0, finished_at = now()
      WHERE status IN ('queued', 'processing') AND chunks_total IS NULL
        AND heartbeat_at < now() - ${staleMs} * interval '1 millisecond'
      RETURNING id
    ), staged AS (
      DELETE FROM staged_chunk WHERE upload_id IN (SELECT id FROM failed)
    ), errors AS (
      DELETE FROM upload_error WHERE upload_id IN (SELECT id FROM failed)
    )
    SELECT id::text FROM failed`;
  for (const { id } of stalled) await publishProgress(id);

  const staged = await prisma.$queryRaw<ChunkJob[]>`
    SELECT s.upload_id::text AS "uploadId", s.seq FROM staged_chunk s JOIN upload u ON u.id = s.upload_id
    WHERE u.status = 'processing' AND u.chunks_total IS NOT NULL
    ORDER BY u.seq, s.seq`;
  const report: SweepReport = { stalled: stalled.map((s) => s.id), requeued: 0, failed: [] };
  if (staged.length === 0) return report;
  // Cheap test first: as many live jobs as staged chunks means nothing is lost (the usual case).
  const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
  if (Object.values(counts).reduce((a, b) => a + b, 0) >= staged.length) return report;

  const states = await Promise.all(staged.map((job) => queue.getJobState(chunkJobId(job))));
  const lost = staged.filter((_, i) => states[i] === 'unknown');
  await enqueueChunkJobs(lost);
  report.requeued = lost.length;
  const failedUploads = new Set(staged.filter((_, i) => states[i] === 'failed').map((j) => j.uploadId));
  for (const uploadId of failedUploads) {
    await failUpload(uploadId, 'a chunk could not be applied after all its retries');
    report.failed.push(uploadId);
  }
  return report;
}
