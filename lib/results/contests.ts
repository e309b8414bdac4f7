import type { ContestInfo } from '../events';
import { poolSql, type Sql } from '../sql';

/** Contest names are shown and used in URLs: the same limit as other names (lib/ingest/validateRow.ts). */
export const MAX_CONTEST_NAME = 200;

/**
 * Every contest: those an admin configured and those rows named (a contest exists from the first row that names it;
 * until an admin says otherwise it has one seat and no scope). The default contest "" is listed when it has votes
 * or when nothing else exists.
 */
export async function listContests(sql: Sql = poolSql()): Promise<ContestInfo[]> {
  const rows = await sql.query<{ name: string; seats: number; scope: string[] | null; configured: boolean; used: boolean }>(
    `WITH used AS (SELECT DISTINCT contest AS name FROM tally WHERE votes <> 0 UNION SELECT DISTINCT contest FROM station_report)
     SELECT coalesce(c.name, u.name) AS name, coalesce(c.seats, 1) AS seats, CASE WHEN cardinality(c.scope) > 0 THEN c.scope END AS scope,
            (c.name IS NOT NULL AND (c.name <> '' OR cardinality(c.scope) > 0 OR c.seats <> 1)) AS configured, u.name IS NOT NULL AS used
     FROM contest c FULL JOIN used u ON u.name = c.name
     ORDER BY 1`,
  );
  const shown = rows.filter((r) => r.name !== '' || r.used || r.configured);
  const list = (shown.length > 0 ? shown : rows.filter((r) => r.name === '')).map((r) => ({ name: r.name, seats: r.seats, scope: r.scope }));
  return list.length > 0 ? list : [{ name: '', seats: 1, scope: null }];
}

export interface ContestSettings {
  name: string;
  seats: number;
  scope: string[] | null;
}

/** Creates or changes a contest's settings. */
export async function upsertContest(c: ContestSettings, sql: Sql = poolSql()): Promise<void> {
  await sql.query(
    `INSERT INTO contest (name, seats, scope) VALUES ($1, $2, $3::text[])
     ON CONFLICT (name) DO UPDATE SET seats = EXCLUDED.seats, scope = EXCLUDED.scope`,
    [c.name, c.seats, c.scope ?? []],
  );
}
