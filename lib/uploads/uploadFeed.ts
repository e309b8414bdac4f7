import type { UploadStatus } from '../events';
import { listUploads } from './listUploads';

/** A line of the public uploads feed on the dashboard. */
export interface FeedItem {
  id: string;
  filename: string;
  status: UploadStatus;
  rowsTotal: number;
  rowsAccepted: number;
  rowsRejected: number;
  createdAt: string;
  finishedAt: string | null;
  /** Signed-in viewers only: who uploaded it, and why it failed. */
  uploadedBy?: string | null;
  error?: string | null;
}

const FEED_LENGTH = 15;

/**
 * The most recent uploads, for everyone who may see results. Names of people (uploader, retracting admin) and
 * error texts only go to signed-in users: the public sees files, states and row counts.
 */
export async function uploadFeed(signedIn: boolean): Promise<FeedItem[]> {
  const uploads = await listUploads({ limit: FEED_LENGTH });
  return uploads.map((u) => ({
    id: u.id,
    filename: u.filename,
    status: u.status,
    rowsTotal: u.rowsTotal,
    rowsAccepted: u.rowsAccepted,
    rowsRejected: u.rowsRejected,
    createdAt: u.createdAt,
    finishedAt: u.finishedAt,
    ...(signedIn ? { uploadedBy: u.uploadedBy, error: u.error } : {}),
  }));
}
