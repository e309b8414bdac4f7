import { poolSql } from '../sql';
import { ledgerTail } from './ledgerTail';

// GET /api/ledger/decreases: every valid-candidate cell that went down in an upload's version (not a retraction's
// or a reset's, which take votes away on purpose), over the whole ledger, for the anomaly flags. Read once, then
// only new versions (ledgerTail): every open dashboard asks for it as the count moves.

export interface UploadDecrease {
  version: number;
  at: string;
  contest: string;
  region: string;
  candidate: string;
  /** Negative. */
  votes: number;
}

/** More than this many is itself the finding; the answer says it was cut. */
export const DECREASES_MAX = 5000;

const readDecreases = ledgerTail<UploadDecrease>(async (after, upTo) => {
  // Cells are netted per version and key first (a delta naming a cell twice is one change).
  const rows = await poolSql().query<{ version: string; created_at: Date; contest: string; region: string; candidate: string; votes: number }>(
    `SELECT d.version, d.created_at, c->>0 AS contest, c->>1 AS region, c->>2 AS candidate, sum((c->>4)::bigint)::float8 AS votes
     FROM tally_delta d CROSS JOIN LATERAL jsonb_array_elements(d.cells) AS c
     WHERE d.reason = 'upload' AND d.version > $1 AND d.version <= $2 AND c->>3 = 'valid'
     GROUP BY 1, 2, 3, 4, 5 HAVING sum((c->>4)::bigint) < 0
     ORDER BY 1, 3, 4, 5`,
    [after, upTo],
  );
  return rows.map((r) => ({ version: Number(r.version), at: r.created_at.toISOString(), contest: r.contest, region: r.region, candidate: r.candidate, votes: r.votes }));
});

export interface UploadDecreases {
  /** The ledger version the list goes up to. */
  version: number;
  /** Oldest first; at most DECREASES_MAX (the oldest ones). */
  decreases: UploadDecrease[];
  truncated: boolean;
}

export async function getUploadDecreases(): Promise<UploadDecreases> {
  const { items, upTo } = await readDecreases();
  return { version: upTo, decreases: items.length > DECREASES_MAX ? items.slice(0, DECREASES_MAX) : items, truncated: items.length > DECREASES_MAX };
}
