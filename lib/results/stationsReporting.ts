import type { ReportingFigures, StationsReporting } from '../events';
import { poolSql, type Sql } from '../sql';

// "Stations reporting N of M": per area of one contest, the stations on the admin's list (in the contest's scope)
// and those with a counted report, with the registered voters and votes of the reporting ones (turnout). Read from
// station_report and polling_station, never kept anywhere else, so the figures always equal a recomputation.

export type ReportingLevel = 'region' | 'province' | 'district';

const LEVEL_COLUMNS: Record<ReportingLevel, string> = {
  region: 'region',
  province: 'province',
  district: 'district',
};

/**
 * Figures per area at one level (region, province or district) under a parent area, with the total of all of
 * them. The level picks a column from a fixed table, never from the request.
 */
export async function reportingFigures(
  contest: string,
  level: ReportingLevel = 'region',
  parent: { region?: string; province?: string } = {},
  sql: Sql = poolSql(),
): Promise<{ total: ReportingFigures; areas: Record<string, ReportingFigures> }> {
  const col = LEVEL_COLUMNS[level];
  const rows = await sql.query<{ area: string; stations: number; reporting: number; registered: number; votes: number }>(
    `WITH s AS (SELECT (SELECT scope FROM contest WHERE name = $1) AS scope),
     listed AS (
       SELECT p.${col} AS area, count(*)::float8 AS stations FROM polling_station p CROSS JOIN s
       WHERE ($2::text IS NULL OR p.region = $2) AND ($3::text IS NULL OR p.province = $3)
         AND (coalesce(cardinality(s.scope), 0) = 0 OR p.region = ANY(s.scope))
       GROUP BY 1
     ), rep AS (
       SELECT r.${col} AS area, count(*)::float8 AS reporting, coalesce(sum(p.registered), 0)::float8 AS registered,
              sum(r.votes)::float8 AS votes
       FROM station_report r LEFT JOIN polling_station p ON p.station = r.station
       WHERE r.contest = $1 AND r.state = 'counted' AND ($2::text IS NULL OR r.region = $2) AND ($3::text IS NULL OR r.province = $3)
       GROUP BY 1
     )
     SELECT coalesce(l.area, rep.area) AS area, coalesce(l.stations, 0) AS stations, coalesce(rep.reporting, 0) AS reporting,
            coalesce(rep.registered, 0) AS registered, coalesce(rep.votes, 0) AS votes
     FROM listed l FULL JOIN rep ON l.area = rep.area
     ORDER BY 1`,
    [contest, parent.region ?? null, parent.province ?? null],
  );
  const total: ReportingFigures = { stations: 0, reporting: 0, registered: 0, votes: 0 };
  const areas: [string, ReportingFigures][] = [];
  for (const r of rows) {
    areas.push([r.area, { stations: r.stations, reporting: r.reporting, registered: r.registered, votes: r.votes }]);
    total.stations += r.stations;
    total.reporting += r.reporting;
    total.registered += r.registered;
    total.votes += r.votes;
  }
  // fromEntries: a plain object (React passes only those to the browser) whose keys are own properties even for a
  // region named "__proto__".
  return { total, areas: Object.fromEntries(areas) };
}

/** The live panel's figures: national and per region, at `version`. */
export async function stationsReporting(contest: string, version: number): Promise<StationsReporting> {
  const { total, areas } = await reportingFigures(contest, 'region');
  return { contest, version, total, regions: areas };
}

/** Whether there is anything to report: a stations list or any station report. */
export async function hasStations(sql: Sql = poolSql()): Promise<boolean> {
  const [r] = await sql.query<{ any: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM polling_station) OR EXISTS (SELECT 1 FROM station_report) AS any',
  );
  return r.any;
}
