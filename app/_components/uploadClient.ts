// Browser-side calls for uploads, and the rule for merging progress that arrives by two routes
// (socket events and GET /api/uploads/:id) in any order.
import type { UploadProgress, UploadStatus } from '@/lib/events';

export interface RowError {
  row: number;
  reason: string;
}

export interface UploadView {
  id: string;
  filename: string;
  status: UploadStatus;
  rowsTotal: number;
  rowsAccepted: number;
  rowsRejected: number;
  votesAccepted: number | null;
  chunksDone: number;
  chunksTotal: number | null;
  /** null until the details were fetched. */
  errors: RowError[] | null;
  error: string | null;
}

/** GET /api/uploads/:id */
export interface UploadDetails {
  id: string;
  filename: string;
  status: UploadStatus;
  rowsTotal: number;
  rowsAccepted: number;
  rowsRejected: number;
  votesAccepted: number;
  chunksDone: number;
  chunksTotal: number | null;
  errors: RowError[];
  error: string | null;
}

/** One file in the POST /api/uploads answer; a file refused on arrival is already 'failed' with its reason. */
export interface AcceptedUpload {
  id: string;
  filename: string;
  status: UploadStatus;
  error?: { code: string; message: string };
}

export interface PostResult {
  uploads: AcceptedUpload[];
  /** The request-level error message, if any (the files it lists may still be shown). */
  error: string | null;
}

export function isFinished(status: UploadStatus): boolean {
  return status === 'done' || status === 'failed' || status === 'retracted';
}

const STAGE: Record<UploadStatus, number> = { queued: 0, processing: 1, done: 2, failed: 2, retracting: 3, retracted: 4 };

/** Whether `b` is at least as far along as `a`: the server only moves forward, so older news never wins. */
function isNotBehind(a: UploadView, b: Pick<UploadView, 'status' | 'chunksDone' | 'rowsAccepted' | 'rowsRejected'>): boolean {
  if (STAGE[a.status] !== STAGE[b.status]) return STAGE[b.status] > STAGE[a.status];
  if (a.chunksDone !== b.chunksDone) return b.chunksDone > a.chunksDone;
  return b.rowsAccepted + b.rowsRejected >= a.rowsAccepted + a.rowsRejected;
}

export function newUploadView(u: AcceptedUpload): UploadView {
  return {
    id: u.id,
    filename: u.filename,
    status: u.status,
    rowsTotal: 0,
    rowsAccepted: 0,
    rowsRejected: 0,
    votesAccepted: null,
    chunksDone: 0,
    chunksTotal: null,
    errors: null,
    error: u.error?.message ?? null,
  };
}

export function mergeProgress(view: UploadView, p: UploadProgress): UploadView {
  if (!isNotBehind(view, p)) return view;
  return {
    ...view,
    status: p.status,
    rowsTotal: p.rowsTotal,
    rowsAccepted: p.rowsAccepted,
    rowsRejected: p.rowsRejected,
    chunksDone: p.chunksDone,
    chunksTotal: p.chunksTotal ?? view.chunksTotal,
    error: p.error ?? view.error,
  };
}

export function mergeDetails(view: UploadView, d: UploadDetails): UploadView {
  // The error list only comes from here; keep it even when the counters are older than a socket event.
  const withErrors = { ...view, filename: d.filename || view.filename, errors: d.errors ?? [], error: d.error ?? view.error };
  if (!isNotBehind(view, d)) return withErrors;
  return {
    ...withErrors,
    status: d.status,
    rowsTotal: d.rowsTotal,
    rowsAccepted: d.rowsAccepted,
    rowsRejected: d.rowsRejected,
    votesAccepted: d.votesAccepted,
    chunksDone: d.chunksDone,
    chunksTotal: d.chunksTotal ?? view.chunksTotal,
  };
}

function errorMessage(body: unknown, status: number): string {
  const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
  return typeof message === 'string' && message ? message : `Upload failed (HTTP ${status}).`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * POST /api/uploads with every file under the field "file". XMLHttpRequest rather than fetch because
 * only it reports how many bytes have been sent. Rejects only when no answer came back.
 */
export function postFiles(files: File[], onBytes: (sent: number, total: number | null) => void): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const file of files) form.append('file', file, file.name);

    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/uploads');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => onBytes(e.loaded, e.lengthComputable ? e.total : null);
    xhr.onload = () => {
      const body = parseJson(xhr.responseText);
      const listed = (body as { uploads?: unknown } | null)?.uploads;
      const uploads = Array.isArray(listed) ? (listed as AcceptedUpload[]) : [];
      const ok = xhr.status >= 200 && xhr.status < 300 && Array.isArray(listed);
      resolve({ uploads, error: ok ? null : errorMessage(body, xhr.status) });
    };
    xhr.onerror = () => reject(new Error('The upload did not reach the server. Check the connection and try again.'));
    xhr.onabort = () => reject(new Error('The upload was cancelled.'));
    xhr.send(form);
  });
}

export async function fetchUploadDetails(id: string): Promise<UploadDetails | null> {
  try {
    const res = await fetch(`/api/uploads/${encodeURIComponent(id)}`, { headers: { Accept: 'application/json' }, cache: 'no-store' });
    return res.ok ? ((await res.json()) as UploadDetails) : null;
  } catch {
    return null; // the socket keeps the row current anyway
  }
}
