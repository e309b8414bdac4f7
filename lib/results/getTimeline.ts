import { poolSql } from '../sql';
import { ledgerTail } from './ledgerTail';
import { buildTimeline, type TimelineChange, type TimelinePoint, type TimelineVersion } from './timeline';

// GET /api/results/timeline[?region=R]: cumulative votes per candidate as counting advanced (lib/results/timeline.ts
// builds and thins it). The ledger is read once and then only its new versions (ledgerTail); a body is kept per
// scope for the version it was made at, so a room full of dashboards loading at once builds it once.

interface LedgerVersion {
  version: number;
  at: string;
  reason: string;
  /** Netted per contest, region and candidate (null = blank and null votes). */
  cells: { contest: string; region: string; candidate: string | null; votes: number }[];
}

const readLedger = ledgerTail<LedgerVersion>(async (after, upTo) => {
  const sql = poolSql();
  const versions = await sql.query<{ version: string; created_at: Date; reason: string }>(
    'SELECT version, created_at, reason FROM tally_delta WHERE version > $1 AND version <= $2 ORDER BY version',
    [after, upTo],
  );
  const cells = await sql.query<{ version: string; contest: string; region: string; candidate: string | null; votes: number }>(
    `SELECT d.version, c->>0 AS contest, c->>1 AS region, CASE WHEN c->>3 = 'valid' THEN c->>2 END AS candidate, sum((c->>4)::bigint)::float8 AS votes
     FROM tally_delta d CROSS JOIN LATERAL jsonb_array_elements(d.cells) AS c
     WHERE d.version > $1 AND d.version <= $2
     GROUP BY 1, 2, 3, 4 HAVING sum((c->>4)::bigint) <> 0`,
    [after, upTo],
  );
  const byVersion = new Map<number, LedgerVersion>();
  const out = versions.map((v) => {
    const item: LedgerVersion = { version: Number(v.version), at: v.created_at.toISOString(), reason: v.reason, cells: [] };
    byVersion.set(item.version, item);
    return item;
  });
  for (const c of cells) byVersion.get(Number(c.version))?.cells.push({ contest: c.contest, region: c.region, candidate: c.candidate, votes: c.votes });
  return out;
});

export interface Timeline {
  version: number;
  contest: string;
  region: string | null;
  points: TimelinePoint[];
}

const MAX_SCOPES = 100;
const rendered = new Map<string, { version: number; body: string }>();

/** One contest's changes of a version, nationally (summed over regions) or within a region. */
function changesOf(v: LedgerVersion, contest: string, region: string | null): TimelineChange[] {
  const sum = new Map<string | null, number>();
  for (const c of v.cells) {
    if (c.contest !== contest || (region !== null && c.region !== region)) continue;
    sum.set(c.candidate, (sum.get(c.candidate) ?? 0) + c.votes);
  }
  return [...sum].filter(([, n]) => n !== 0).map(([candidate, votes]) => ({ candidate, votes }));
}

/** The timeline of a contest, nationally or within `region`, as JSON at the current version (and that version). */
export async function getTimelineBody(region: string | null, contest = ''): Promise<{ version: number; body: string }> {
  const ledger = await readLedger();
  const key = `${contest}\u0000${region ?? ''}`;
  const hit = rendered.get(key);
  if (hit && hit.version === ledger.upTo) return hit;
  const versions: TimelineVersion[] = ledger.items.map((v) => ({
    version: v.version,
    at: v.at,
    reason: v.reason,
    changes: changesOf(v, contest, region),
  }));
  const timeline: Timeline = { version: ledger.upTo, contest, region, points: buildTimeline(versions) };
  const out = { version: ledger.upTo, body: JSON.stringify(timeline) };
  if (rendered.size >= MAX_SCOPES && !rendered.has(key)) rendered.delete(rendered.keys().next().value!);
  rendered.set(key, out);
  return out;
}
