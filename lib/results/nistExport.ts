import { nistReport, type NistExportInput } from '../export/nistReport';
import type { VoteStatus } from '../ingest/types';
import { inTransaction } from '../sql';
import { listContests } from './contests';
import type { ResultsStatusValue } from './resultsStatusValues';

type Count = NistExportInput['counts'][number];

/**
 * What the NIST export is made of, read at one version (REPEATABLE READ): every contest, its counts at the lowest
 * unit (each counted station report's rows at the station, the rest of the tallies at their district), the stations
 * list and which stations reported. The rest at district level is the tallies minus the station rows, so the two
 * always add up to exactly the tallies.
 */
export async function readNistExportInput(status: ResultsStatusValue, issuer = 'tally'): Promise<NistExportInput> {
  return inTransaction(
    async (sql) => {
      const [v] = await sql.query<{ version: string; updated_at: Date }>('SELECT version, updated_at FROM tally_version WHERE id = 1');
      const contests = await listContests(sql);
      const tallies = await sql.query<Omit<Count, 'station'>>(
        `SELECT contest, region, province, district, CASE WHEN status = 'valid' THEN candidate ELSE '' END AS candidate, status,
                sum(votes)::float8 AS votes
         FROM tally GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(votes) <> 0`,
      );
      const atStations = await sql.query<Count>(
        `SELECT s.contest, v.region, v.province, v.district, s.station, CASE WHEN v.status = 'valid' THEN v.candidate ELSE '' END AS candidate,
                v.status, sum(v.votes)::float8 AS votes
         FROM station_report s JOIN vote_record v ON v.upload_id = s.upload_id AND v.contest = s.contest AND v.station = s.station
         WHERE s.state = 'counted'
         GROUP BY 1, 2, 3, 4, 5, 6, 7`,
      );
      const stations = await sql.query<NistExportInput['stations'][number]>(
        'SELECT station, region, province, district, registered::float8 AS registered FROM polling_station ORDER BY station',
      );
      const reportedRows = await sql.query<{ contest: string; station: string }>(`SELECT contest, station FROM station_report WHERE state = 'counted'`);
      const key = (c: { contest: string; region: string; province: string; district: string; candidate: string; status: VoteStatus }) =>
        [c.contest, c.region, c.province, c.district, c.candidate, c.status].join('\u0000');
      const rest = new Map<string, Count>();
      for (const t of tallies) rest.set(key(t), { ...t, station: '' });
      for (const s of atStations) {
        const r = rest.get(key(s));
        if (r) r.votes -= s.votes;
      }
      const counts = [...atStations, ...[...rest.values()].filter((c) => c.votes !== 0)];
      const reported: Record<string, string[]> = {};
      for (const r of reportedRows) (reported[r.contest] ??= []).push(r.station);
      const version = Number(v?.version ?? 0);
      return {
        version,
        generatedAt: version > 0 && v ? v.updated_at.toISOString() : null,
        status,
        issuer,
        contests: contests.map((c) => ({ name: c.name, seats: c.seats })),
        counts,
        stations,
        reported,
      };
    },
    { isolation: 'REPEATABLE READ' },
  );
}

/** The export's bytes for the current version and this status. */
export async function renderNistReport(status: ResultsStatusValue): Promise<{ version: number; report: string }> {
  const input = await readNistExportInput(status);
  return { version: input.version, report: nistReport(input) };
}
