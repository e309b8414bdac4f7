// Waits until every upload of the run is done, and reads where the time went from the upload and delta rows.
import type pg from 'pg';

export interface IngestTimings {
  /** Wall-clock ms of the last upload's finished_at. */
  lastFinishedAt: number;
  finalVersion: number;
  rowsTotal: number;
  rowsAccepted: number;
  rowsRejected: number;
  /** First upload recorded → last file parsed and staged (includes waiting for a parse slot). */
  parseStageSeconds: number;
  /** Last file parsed → last upload done: the apply work that parsing did not hide. */
  applyTailSeconds: number;
  /** First committed version → last committed version. */
  applyWindowSeconds: number;
  /** Median per file: created → parsed, parsed → finished. */
  fileParseMedianSeconds: number;
  fileApplyMedianSeconds: number;
  chunks: number;
  versions: number;
}

interface UploadRow {
  status: string;
  error_message: string | null;
  filename: string;
  created_at: Date;
  parsed_at: Date | null;
  finished_at: Date | null;
  rows_total: number;
  rows_accepted: number;
  rows_rejected: number;
  chunks_total: number | null;
}

export async function waitForIngest(db: pg.Pool, expectedUploads: number, timeoutMs: number): Promise<IngestTimings> {
  const until = Date.now() + timeoutMs;
  let rows: UploadRow[];
  for (;;) {
    ({ rows } = await db.query<UploadRow>(
      `SELECT status, error_message, filename, created_at, parsed_at, finished_at, rows_total, rows_accepted, rows_rejected, chunks_total
       FROM upload ORDER BY seq`,
    ));
    const failed = rows.filter((r) => r.status === 'failed');
    if (failed.length) throw new Error(`upload failed: ${failed.map((f) => `${f.filename}: ${f.error_message}`).join('; ')}`);
    if (rows.length === expectedUploads && rows.every((r) => r.status === 'done')) break;
    if (Date.now() > until) {
      const byStatus = rows.reduce<Record<string, number>>((m, r) => ((m[r.status] = (m[r.status] ?? 0) + 1), m), {});
      throw new Error(`uploads not done after ${timeoutMs / 1000} s: ${JSON.stringify(byStatus)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const { rows: v } = await db.query<{ version: string; first: Date | null; last: Date | null; versions: string }>(
    `SELECT (SELECT version FROM tally_version WHERE id = 1) AS version, min(created_at) AS first, max(created_at) AS last,
            count(*) AS versions FROM tally_delta`,
  );
  const ms = (d: Date | null) => (d ? d.getTime() : NaN);
  const created = Math.min(...rows.map((r) => ms(r.created_at)));
  const lastParsed = Math.max(...rows.map((r) => ms(r.parsed_at)));
  const lastFinished = Math.max(...rows.map((r) => ms(r.finished_at)));
  return {
    lastFinishedAt: lastFinished,
    finalVersion: Number(v[0].version),
    rowsTotal: sum(rows.map((r) => r.rows_total)),
    rowsAccepted: sum(rows.map((r) => r.rows_accepted)),
    rowsRejected: sum(rows.map((r) => r.rows_rejected)),
    parseStageSeconds: (lastParsed - created) / 1000,
    applyTailSeconds: (lastFinished - lastParsed) / 1000,
    applyWindowSeconds: (ms(v[0].last) - ms(v[0].first)) / 1000,
    fileParseMedianSeconds: medianOf(rows.map((r) => (ms(r.parsed_at) - ms(r.created_at)) / 1000)),
    fileApplyMedianSeconds: medianOf(rows.map((r) => (ms(r.finished_at) - ms(r.parsed_at)) / 1000)),
    chunks: sum(rows.map((r) => r.chunks_total ?? 0)),
    versions: Number(v[0].versions),
  };
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

function medianOf(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
