import type { ContestCell, TallyCell } from '../events';
import { MAX_CONTEST_NAME } from './contests';
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
  /** Only this contest's changes (regions, votes, decreases, corrections); absent = every contest's, summed. */
  contest?: string;
}

export type ParsedLedgerQuery = { ok: true; query: LedgerQuery } | { ok: false; message: string };

export function parseLedgerQuery(params: URLSearchParams): ParsedLedgerQuery {
  const before = params.get('before');
  const limit = params.get('limit');
  if (before !== null && !/^\d{1,15}$/.test(before)) return { ok: false, message: 'before must be a version number' };
  if (limit !== null && (!/^\d{1,4}$/.test(limit) || Number(limit) < 1 || Number(limit) > LEDGER_MAX_LIMIT)) {
    return { ok: false, message: `limit must be between 1 and ${LEDGER_MAX_LIMIT}` };
  }
  const contest = params.get('contest');
  if (contest !== null && contest.length > MAX_CONTEST_NAME) return { ok: false, message: `contest is at most ${MAX_CONTEST_NAME} characters` };
  return {
    ok: true,
    query: { before: before === null ? undefined : Number(before), limit: limit === null ? LEDGER_DEFAULT_LIMIT : Number(limit), contest: contest ?? undefined },
  };
}

/** publish/reject: an admin decided on a held station report; stations: the stations list changed. */
export type LedgerReason = 'upload' | 'retraction' | 'reset' | 'publish' | 'reject' | 'stations';

/** A station whose counted report changed in the version: its first report, a correction (before → after), an
 * admin's publication, a report restored after a retraction, or one removed. */
export interface StationCorrection {
  contest: string;
  station: string;
  kind: 'first' | 'correction' | 'published' | 'restored' | 'removed';
  before: number | null;
  after: number | null;
}

export interface LedgerEntry {
  version: number;
  /** ISO time of the commit. */
  at: string;
  reason: LedgerReason;
  /** The file counted (upload) or taken out (retraction); null for a reset. uploaderRole is the uploader's role
   * now (null if the account was deleted). */
  upload: { sha256: string; uploaderRole: string | null } | null;
  /** Contests whose votes changed. */
  contests: string[];
  regions: RegionChange[];
  votes: number;
  decreases: CandidateDecrease[];
  /** Station reports that changed, except first reports (at most CORRECTIONS_SHOWN; see correctionsTotal). */
  corrections: StationCorrection[];
  /** First reports of stations in this version. */
  stationsFirst: number;
  correctionsTotal: number;
}

const CORRECTIONS_SHOWN = 50;

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
  cells: ContestCell[];
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
  const versions = page.map((r) => r.version);
  const changes = await poolSql().query<StationCorrection & { version: string }>(
    `SELECT version, contest, station, kind, before_votes::float8 AS before, after_votes::float8 AS after
     FROM station_change WHERE version = ANY($1::bigint[]) AND ($2::text IS NULL OR contest = $2)
     ORDER BY version, contest, station`,
    [versions, q.contest ?? null],
  );
  const byVersion = new Map<string, StationCorrection[]>();
  for (const { version, ...c } of changes) {
    let list = byVersion.get(version);
    if (!list) byVersion.set(version, (list = []));
    list.push(c);
  }
  return {
    entries: page.map((r) => toEntry(r, q.contest, byVersion.get(r.version) ?? [])),
    nextBefore: rows.length > q.limit ? Number(page[page.length - 1].version) : null,
  };
}

function toEntry(r: LedgerRow, contest: string | undefined, stationChanges: StationCorrection[]): LedgerEntry {
  const contests = new Set<string>();
  const cells: TallyCell[] = [];
  for (const [c, ...cell] of r.cells) {
    if (cell[3] !== 0) contests.add(c);
    if (contest === undefined || c === contest) cells.push(cell as TallyCell);
  }
  const { regions, votes, decreases } = summarizeDelta(cells);
  const corrections = stationChanges.filter((c) => c.kind !== 'first');
  return {
    version: Number(r.version),
    at: r.created_at.toISOString(),
    reason: r.reason,
    upload: r.has_upload ? { sha256: r.sha256 ?? '', uploaderRole: r.role } : null,
    contests: [...contests].sort(),
    regions,
    votes,
    decreases,
    corrections: corrections.slice(0, CORRECTIONS_SHOWN),
    stationsFirst: stationChanges.length - corrections.length,
    correctionsTotal: corrections.length,
  };
}
