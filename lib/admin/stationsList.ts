import type { CommittedDelta } from '../events';
import { recordAudit, type AuditActor } from '../audit/auditLog';
import { inTransaction, poolSql } from '../sql';
import { commitTallyChange } from '../tally/commitTallyChange';
import { lockStations } from '../tally/countStations';
import { parseStationsCsv, type RowError } from './stationsCsv';

export type ReplaceStationsResult =
  | { ok: true; stations: number; registered: number; delta: CommittedDelta }
  | { ok: false; status: number; code: string; message: string; errors: RowError[] };

const NO_CHANGE = { increments: { contest: [], region: [], province: [], district: [], candidate: [], status: [], votes: [] }, cells: [] };

/**
 * Replaces the stations list whole if every row is good (a bad file changes nothing), audited, as a version of its
 * own: the stations-reporting figures move with it, and every web node hears of it as of any other version.
 * Reports already settled keep their state; the list is checked against every report settled from now on.
 */
export async function replaceStations(actor: AuditActor, csv: string, filename: string): Promise<ReplaceStationsResult> {
  const parsed = parseStationsCsv(csv);
  if (!parsed.ok) return { ok: false, status: 400, code: 'invalid_csv', message: parsed.message, errors: parsed.errors };
  const list = parsed.stations;
  return inTransaction(
    async (sql) => {
      await lockStations(sql);
      const [before] = await sql.query<{ n: number }>('SELECT count(*)::float8 AS n FROM polling_station');
      await sql.query('DELETE FROM polling_station');
      await sql.query(
        `INSERT INTO polling_station (station, region, province, district, registered, uploaded_by)
         SELECT *, $6 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[])`,
        [list.map((s) => s.station), list.map((s) => s.region), list.map((s) => s.province), list.map((s) => s.district), list.map((s) => s.registered), actor.email],
      );
      const registered = list.reduce((n, s) => n + s.registered, 0);
      const { version, at } = await commitTallyChange(sql, NO_CHANGE, 'stations', null, true);
      await recordAudit(sql, { actor, action: 'stations.set', subject: filename, details: { stations: list.length, registered, before: before.n, version } });
      return { ok: true as const, stations: list.length, registered, delta: { version, at: at.toISOString(), cells: [], detail: [], stations: true } };
    },
    { statementTimeoutMs: 300_000 },
  );
}

export interface StationsSummary {
  stations: number;
  registered: number;
  regions: number;
}

/** What the admin console shows of the current list. */
export async function stationsSummary(): Promise<StationsSummary> {
  const [s] = await poolSql().query<StationsSummary>(
    'SELECT count(*)::float8 AS stations, coalesce(sum(registered), 0)::float8 AS registered, count(DISTINCT region)::float8 AS regions FROM polling_station',
  );
  return s;
}
