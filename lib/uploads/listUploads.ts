import { getPrisma } from '../db';
import type { UploadStatus } from '../events';

/** One line of the upload history. */
export interface UploadSummary {
  id: string;
  filename: string;
  status: UploadStatus;
  format: string | null;
  rowsTotal: number;
  rowsAccepted: number;
  rowsRejected: number;
  votesAccepted: number;
  createdAt: string;
  finishedAt: string | null;
  /** Email of the user who uploaded it (through a session or one of their tokens). */
  uploadedBy: string | null;
  /** Through which API token, by name; null for a browser upload. */
  viaToken: string | null;
  retracted: { at: string; by: string | null } | null;
  error: string | null;
}

export const MAX_LISTED = 200;

/** Most recent uploads first; only `userId`'s when given (an uploader sees their own). */
export async function listUploads(opts: { userId?: string; limit?: number } = {}): Promise<UploadSummary[]> {
  const rows = await getPrisma().upload.findMany({
    where: opts.userId ? { userId: opts.userId } : {},
    orderBy: { seq: 'desc' },
    take: Math.min(Math.max(opts.limit ?? 50, 1), MAX_LISTED),
    include: { user: { select: { email: true } }, token: { select: { name: true } }, retractedBy: { select: { email: true } } },
  });
  return rows.map((u) => ({
    id: u.id,
    filename: u.filename,
    status: u.status as UploadStatus,
    format: u.format,
    rowsTotal: u.rowsTotal,
    rowsAccepted: u.rowsAccepted,
    rowsRejected: u.rowsRejected,
    votesAccepted: Number(u.votesAccepted),
    createdAt: u.createdAt.toISOString(),
    finishedAt: u.finishedAt?.toISOString() ?? null,
    uploadedBy: u.user?.email ?? null,
    viaToken: u.token?.name ?? null,
    retracted: u.retractedAt ? { at: u.retractedAt.toISOString(), by: u.retractedBy?.email ?? null } : null,
    error: u.errorMessage,
  }));
}
