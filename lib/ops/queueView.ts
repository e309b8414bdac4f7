import { recordAudit, type AuditActor } from '../audit/auditLog';
import { getIngestQueue } from '../queue';
import { poolSql } from '../sql';

export const QUEUE_VIEW_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed'] as const;

export interface FailedJobView {
  id: string;
  uploadId: string;
  seq: number;
  attemptsMade: number;
  failedReason: string;
  /** When it last failed (ISO). */
  failedAt: string | null;
  /** The worker that last held it (hostname:pid). */
  processedBy: string | null;
}

export interface QueueView {
  counts: Record<(typeof QUEUE_VIEW_STATES)[number], number>;
  /** Age in ms of the oldest job waiting to be taken; null when none waits. */
  oldestWaitingMs: number | null;
  failed: FailedJobView[];
}

/** GET /api/admin/queue: counts per state, the oldest waiting job's age, the latest failed jobs and why. */
export async function getQueueView(failedLimit = 20): Promise<QueueView> {
  const queue = getIngestQueue();
  const [counts, oldest, failed] = await Promise.all([
    queue.getJobCounts(...QUEUE_VIEW_STATES),
    queue.getJobs(['waiting'], 0, 0, true),
    queue.getJobs(['failed'], 0, failedLimit - 1, false),
  ]);
  const now = Date.now();
  return {
    counts: Object.fromEntries(QUEUE_VIEW_STATES.map((s) => [s, counts[s] ?? 0])) as QueueView['counts'],
    oldestWaitingMs: oldest[0] ? Math.max(0, now - oldest[0].timestamp) : null,
    failed: failed.filter(Boolean).map((j) => ({
      id: String(j.id),
      uploadId: String(j.data?.uploadId ?? ''),
      seq: Number(j.data?.seq ?? -1),
      attemptsMade: j.attemptsMade,
      failedReason: j.failedReason ?? '',
      failedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
      processedBy: (j as { processedBy?: string }).processedBy ?? null,
    })),
  };
}

/**
 * POST /api/admin/queue/retry-failed: every failed chunk job goes back to waiting. Safe because applying a chunk
 * is idempotent (its guard row), and a chunk whose upload was failed meanwhile finds nothing staged and is a no-op:
 * retrying does not revive a failed upload, it only clears jobs whose cause (a database outage) has passed.
 */
export async function retryFailedJobs(actor: AuditActor): Promise<{ retried: number }> {
  const queue = getIngestQueue();
  const { failed } = await queue.getJobCounts('failed');
  if (failed > 0) await queue.retryJobs({ state: 'failed', count: 1000 });
  await recordAudit(poolSql(), { actor, action: 'queue.retry_failed', details: { jobs: failed } });
  return { retried: failed };
}
