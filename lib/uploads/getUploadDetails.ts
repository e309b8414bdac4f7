import { getPrisma } from '../db';
import type { UploadStatus } from '../events';
import { isUuid } from '../uuid';

const FIRST_ERRORS = 50;

/**
 * An upload's status, counters, timings and first rejected rows; null when there is no such upload or, with
 * `ownerId`, when it is someone else's (an uploader sees only their own; admins pass no owner).
 */
export async function getUploadDetails(id: string, ownerId?: string) {
  if (!isUuid(id)) return null;
  const u = await getPrisma().upload.findUnique({
    where: ownerId ? { id, userId: ownerId } : { id },
    include: {
      errors: { orderBy: { row: 'asc' }, take: FIRST_ERRORS },
      retractedBy: { select: { email: true } },
    },
  });
  if (!u) return null;
  return {
    id: u.id,
    filename: u.filename,
    sha256: u.sha256,
    sizeBytes: Number(u.sizeBytes),
    format: u.format,
    status: u.status as UploadStatus,
    rowsTotal: u.rowsTotal,
    rowsAccepted: u.rowsAccepted,
    rowsRejected: u.rowsRejected,
    votesAccepted: Number(u.votesAccepted),
    chunksDone: u.chunksDone,
    chunksTotal: u.chunksTotal,
    error: u.errorMessage,
    errors: u.errors.map((e) => ({ row: e.row, reason: e.reason })),
    resetAt: u.resetAt?.toISOString() ?? null,
    retracted: u.retractedAt ? { at: u.retractedAt.toISOString(), by: u.retractedBy?.email ?? null } : null,
    timings: {
      createdAt: u.createdAt.toISOString(),
      parsedAt: u.parsedAt?.toISOString() ?? null,
      finishedAt: u.finishedAt?.toISOString() ?? null,
      durationMs: u.finishedAt ? u.finishedAt.getTime() - u.createdAt.getTime() : null,
    },
  };
}

/** The body of GET /api/uploads/:id (shared with the browser, which reads it). */
export type UploadDetails = NonNullable<Awaited<ReturnType<typeof getUploadDetails>>>;
