import type { TallyCell } from '../events';
import type { VoteStatus } from '../ingest/types';
import { inTransaction } from '../sql';
import { summarizeCells, type Results } from './summarizeCells';

// GET /api/results?version=N: the results as they stood at version N, rebuilt from the delta ledger (every change
// to the tallies is one tally_delta row, and none is ever deleted — a reset adds a delta back to zero), so the
// answer for a past version never changes and may be cached for good.

/** The sum of every delta cell up to `version`, region-level, as summarizeCells takes them. Values are bound. */
const CELLS_AT_SQL = `
  SELECT c->>0 AS region, c->>1 AS candidate, c->>2 AS status, sum((c->>3)::bigint)::float8 AS votes
  FROM tally_delta d CROSS JOIN LATERAL jsonb_array_elements(d.cells) AS c
  WHERE d.version <= $1
  GROUP BY 1, 2, 3 HAVING sum((c->>3)::bigint) <> 0`;

export type ResultsAt = { ok: true; results: Results } | { ok: false; current: number };

/** Results at `version` (0 = before anything was counted); not ok when it is above the current version. */
export async function getResultsAt(version: number): Promise<ResultsAt> {
  return inTransaction(
    async (sql) => {
      const [v] = await sql.query<{ version: string }>('SELECT version FROM tally_version WHERE id = 1');
      const current = Number(v?.version ?? 0);
      if (version < 0 || version > current) return { ok: false, current };
      const [at] = await sql.query<{ created_at: Date }>('SELECT created_at FROM tally_delta WHERE version = $1', [version]);
      const rows = await sql.query<{ region: string; candidate: string; status: VoteStatus; votes: number }>(CELLS_AT_SQL, [version]);
      const cells: TallyCell[] = rows.map((r) => [r.region, r.candidate, r.status, r.votes]);
      return { ok: true, results: summarizeCells(version, at ? at.created_at.toISOString() : null, cells) };
    },
    { isolation: 'REPEATABLE READ' },
  );
}

/** Parses the `version` query value: a non-negative safe integer, else null. */
export function parseVersionParam(value: string | null): number | null {
  if (value === null || !/^\d{1,15}$/.test(value)) return null;
  return Number(value);
}
