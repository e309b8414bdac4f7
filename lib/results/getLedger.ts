import type { TallyCell } from '../events';
import { poolSql } from '../sql';
import { summarizeDelta, type CandidateDecrease, type RegionChange } from './summarizeDelta';

// GET /api/ledger: every change to the tallies, newest first, as the public can check it: when, why, which file
// (by sha256 only) and what role its uploader has — never file names nor who uploaded it.

export const LEDGER_DEFAULT_LIMIT = 50;
export const LEDGER_MAX_LIMIT = 200;

export interface LedgerQuery {
  /** Only versions below this one; absent = from the newest. */
  before?: number;
  limit: number;
}

export type ParsedLedgerQuery = { ok: true; query: LedgerQuery } | { ok: false; message: string };

export function parseLedgerQuery(params: URLSearchParams): ParsedLedgerQuery {
  const before = params.get('before');
  const limit = params.get('limit');
  if (before !== null && !/^\d{1,15}$/.test(before)) return { ok: false, message: 'before must be a version number' };
  if (limit !== null && (!/^\d{1,4}$/.test(limit) || Number(limit) < 1 || Number(limit) > LEDGER_MAX_LIMIT)) {
    return { ok: false, message: `limit must be between 1 and ${LEDGER_MAX_LIMIT}` };
  }
  return { ok: true, query: { before: before === null ? undefined : Number(before), limit: limit === null ? LEDGER_DEFAULT_LIMIT : Number(limit) } };
}

export type LedgerReason = 'upload' | 'retraction' | 'reset';

export interface LedgerEntry {
  version: number;
  /** ISO time of the commit. */
  at: string;
  reason: LedgerReason;
  /** The file counted (upload) or taken out (retraction); null for a reset. uploaderRole is the uploader's role
   * now (null if the account was deleted). */
  upload: { sha256: string; uploaderRole: string | null } | null;
  regions: RegionChange[];
  votes: number;
  decreases: CandidateDecrease[];
}

export interface LedgerPage {
  entries: LedgerEntry[];
  /** Pass as `before` for the next (older) page; null when there is none. */
  nextBefore: number | null;
}

interface LedgerRow {
  version: string;
  created_at: Date;
  reason: LedgerReason;
  sha256: string | null;
  role: string | null;
  has_upload: boolean;
  cells: TallyCell[];
}

export async function getLedger(q: LedgerQuery): Promise<LedgerPage> {
  // One more row than asked tells whether an older page exists.
  const rows = await poolSql().query<LedgerRow>(
    `SELECT d.version, d.created_at, d.reason, u.sha256, a.role, u.id IS NOT NULL AS has_upload, d.cells
     FROM tally_delta d
     LEFT JOIN upload u ON u.id = d.upload_id
     LEFT JOIN app_user a ON a.id = u.user_id
     WHERE $1::bigint IS NULL OR d.version < $1::bigint
     ORDER BY d.version DESC
     LIMIT $2`,
    [q.before ?? null, q.limit + 1],
  );
  const page = rows.slice(0, q.limit);
  return {
    entries: page.map(toEntry),
    nextBefore: rows.length > q.limit ? Number(page[page.length - 1].version) : null,
  };
}

function toEntry(r: LedgerRow): LedgerEntry {
  const { regions, votes, decreases } = summarizeDelta(r.cells);
  return {
    version: Number(r.version),
    at: r.created_at.toISOString(),
    reason: r.reason,
    upload: r.has_upload ? { sha256: r.sha256 ?? '', uploaderRole: r.role } : null,
    regions,
    votes,
    decreases,
  };
}
