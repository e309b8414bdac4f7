// Browser-side calls for uploads, and the rule for merging progress that arrives by two routes
// (socket events and GET /api/uploads/:id) in any order.
import type { UploadProgress, UploadStatus } from '@/lib/events';
import type { VoteRow } from '@/lib/ingest/types';
import type { ColumnRole } from '@/lib/ingest/mapColumns';
import type { UploadDetails } from '@/lib/uploads/getUploadDetails';

export type { ColumnRole };

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
  /** Why the file was refused on arrival (e.g. 'duplicate_file'), from the POST answer; null otherwise. */
  errorCode: string | null;
}

/** GET /api/uploads/:id (type only: the server module never reaches the browser bundle). */
export type { UploadDetails };

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
  /** The request-level error code (e.g. 'duplicate_file', 'file_too_large'), if any. */
  errorCode: string | null;
  /** Whether `uploads` lists the files of the request (one per file, in the order sent). */
  listed: boolean;
}

/** Header (trimmed, as the server lists it) → role; null: not a vote column, kept as an extra attribute. */
export type ColumnMapping = ReadonlyMap<string, ColumnRole | null>;

export interface PostOptions {
  /** Applied to every file of the request; omitted: the server detects the columns. */
  mapping?: ColumnMapping | null;
  /** Count a byte-identical file as a new batch. */
  confirmDuplicate?: boolean;
  /** xlsx: the worksheet to read (of every file of the request); omitted: the first. */
  sheet?: string | null;
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
    errorCode: u.error?.code ?? null,
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

function errorMessage(body: unknown, status: number, what = 'Upload'): string {
  const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
  return typeof message === 'string' && message ? message : `${what} failed (HTTP ${status}).`;
}

function errorCode(body: unknown): string | null {
  const code = (body as { error?: { code?: unknown } } | null)?.error?.code;
  return typeof code === 'string' && code ? code : null;
}

/** The `mapping` query value: JSON `{header: role | null}`. Object.fromEntries keeps a `__proto__` header as data. */
export function mappingParam(mapping: ColumnMapping): string {
  return encodeURIComponent(JSON.stringify(Object.fromEntries(mapping)));
}

function uploadUrl(path: string, options: PostOptions): string {
  const query: string[] = [];
  if (options.mapping) query.push(`mapping=${mappingParam(options.mapping)}`);
  if (options.confirmDuplicate) query.push('confirmDuplicate=true');
  if (options.sheet) query.push(`sheet=${encodeURIComponent(options.sheet)}`);
  return query.length ? `${path}?${query.join('&')}` : path;
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
export function postFiles(
  files: File[],
  onBytes: (sent: number, total: number | null) => void,
  options: PostOptions = {},
): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const file of files) form.append('file', file, file.name);

    const xhr = new XMLHttpRequest();
    xhr.open('POST', uploadUrl('/api/uploads', options));
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => onBytes(e.loaded, e.lengthComputable ? e.total : null);
    xhr.onload = () => {
      const body = parseJson(xhr.responseText);
      const listed = (body as { uploads?: unknown } | null)?.uploads;
      const uploads = Array.isArray(listed) ? (listed as AcceptedUpload[]) : [];
      const ok = xhr.status >= 200 && xhr.status < 300 && Array.isArray(listed);
      resolve({
        uploads,
        error: ok ? null : errorMessage(body, xhr.status),
        errorCode: ok ? null : errorCode(body),
        listed: uploads.length === files.length,
      });
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

// ---- Preview (POST /api/uploads/preview) ----

export type FileFormat = 'csv' | 'xlsx' | 'json' | 'ndjson';

export const ROLES: readonly { role: ColumnRole; label: string }[] = [
  { role: 'region', label: 'Region' },
  { role: 'province', label: 'Province' },
  { role: 'district', label: 'District' },
  { role: 'candidate', label: 'Candidate' },
  { role: 'valid', label: 'Valid flag' },
  { role: 'status', label: 'Status (valid/blank/null)' },
  { role: 'voterId', label: 'Voter id' },
  { role: 'votes', label: 'Votes' },
];

const ROLE_SET: ReadonlySet<string> = new Set(ROLES.map((r) => r.role));

export interface PreviewColumn {
  header: string;
  role: ColumnRole | null;
}

/** A previewed row as the server will count it: the ingest contract's VoteRow, as JSON. */
export type PreviewVote = VoteRow;

export interface PreviewRow {
  row: number;
  vote?: PreviewVote;
  error?: string;
}

/** xlsx: every worksheet name in workbook order (null: not an xlsx, or not told), and the one read (ok answers only). */
export interface PreviewSheets {
  sheets: string[] | null;
  sheet: string | null;
}

export type PreviewResult = PreviewSheets &
  (
    | { kind: 'ok'; format: FileFormat | null; columns: PreviewColumn[]; rows: PreviewRow[] }
    /** 422: the mapping lacks a region or candidate column, or two columns claim one role. */
    | { kind: 'bad_header'; message: string; format: FileFormat | null; columns: PreviewColumn[] | null }
    /**
     * Any other refusal (unknown format, unknown sheet, corrupt, too large, signed out, ...; `status` null: no answer
     * at all).
     */
    | { kind: 'error'; status: number | null; code: string | null; message: string; format: FileFormat | null; columns: PreviewColumn[] | null }
  );

function asFormat(value: unknown): FileFormat | null {
  return value === 'csv' || value === 'xlsx' || value === 'json' || value === 'ndjson' ? value : null;
}

function asSheets(value: unknown): string[] | null {
  if (!Array.isArray(value)) return null;
  const out = (value as unknown[]).filter((v): v is string => typeof v === 'string');
  return out.length > 0 ? out : null;
}

function asColumns(value: unknown): PreviewColumn[] | null {
  if (!Array.isArray(value)) return null;
  const out: PreviewColumn[] = [];
  for (const c of value as unknown[]) {
    const header = (c as { header?: unknown } | null)?.header;
    if (typeof header !== 'string') continue;
    const role = (c as { role?: unknown }).role;
    out.push({ header, role: typeof role === 'string' && ROLE_SET.has(role) ? (role as ColumnRole) : null });
  }
  return out;
}

function asRows(value: unknown): PreviewRow[] {
  if (!Array.isArray(value)) return [];
  const text = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));
  return (value as unknown[]).map((r, i) => {
    const raw = (r ?? {}) as { row?: unknown; vote?: Record<string, unknown> | null; error?: unknown };
    const row = typeof raw.row === 'number' ? raw.row : i + 1;
    if (typeof raw.error === 'string' || !raw.vote) return { row, error: text(raw.error) || 'rejected' };
    const v = raw.vote;
    const extra = v.extra && typeof v.extra === 'object' ? (v.extra as Record<string, string>) : null;
    return {
      row,
      vote: {
        contest: text(v.contest),
        station: text(v.station),
        region: text(v.region),
        province: text(v.province),
        district: text(v.district),
        candidate: text(v.candidate),
        status: v.status === 'blank' || v.status === 'null' ? v.status : 'valid',
        votes: typeof v.votes === 'number' ? v.votes : Number(v.votes) || 0,
        voterId: v.voterId === null || v.voterId === undefined ? null : text(v.voterId),
        extra,
      },
    };
  });
}

/**
 * POST /api/uploads/preview with one file: its format, column roles and first rows as they would be counted
 * (of worksheet `sheet` of an xlsx when given, else its first). Never rejects except when `signal` aborts (an AbortError).
 */
export async function fetchPreview(
  file: File,
  mapping: ColumnMapping | null,
  signal?: AbortSignal,
  sheet?: string | null,
): Promise<PreviewResult> {
  const form = new FormData();
  form.append('file', file, file.name);
  let res: Response;
  let body: unknown;
  try {
    res = await fetch(uploadUrl('/api/uploads/preview', { mapping, sheet }), {
      method: 'POST',
      body: form,
      headers: { Accept: 'application/json' },
      cache: 'no-store',
      signal,
    });
    body = parseJson(await res.text());
  } catch (err) {
    if (signal?.aborted) throw err;
    return {
      kind: 'error',
      status: null,
      code: null,
      message: 'The preview did not reach the server; the file can still be uploaded.',
      format: null,
      columns: null,
      sheets: null,
      sheet: null,
    };
  }
  const b = (body ?? {}) as { format?: unknown; columns?: unknown; rows?: unknown; sheets?: unknown; sheet?: unknown };
  const format = asFormat(b.format);
  const columns = asColumns(b.columns);
  const sheets = asSheets(b.sheets);
  const read = typeof b.sheet === 'string' ? b.sheet : null;
  if (res.ok && columns) return { kind: 'ok', format, columns, rows: asRows(b.rows), sheets, sheet: read };
  const code = errorCode(body);
  const message = errorMessage(body, res.status, 'Preview');
  if (res.status === 422 && code === 'bad_header') return { kind: 'bad_header', message, format, columns, sheets, sheet: null };
  return { kind: 'error', status: res.status, code, message, format, columns, sheets, sheet: null };
}
