import type { TallyCell } from '../events';
import { csvLine } from '../export/csvCell';
import type { VoteStatus } from '../ingest/types';
import { inTransaction } from '../sql';
import { MAX_CONTEST_NAME } from './contests';
import { reportingFigures } from './stationsReporting';
import { summarizeCells } from './summarizeCells';
import type { ReportingFigures } from '../events';

// GET /api/results?level=region|province|district[&region=…][&province=…][&format=json|csv]: the drill-down, at one
// tally version. Region → province → district, the same shape at each level; csv for spreadsheets (cells that a
// spreadsheet would run as formulas are defused).

export type ResultsLevel = 'region' | 'province' | 'district';

export interface ResultsQuery {
  contest: string;
  level: ResultsLevel;
  region?: string;
  province?: string;
  format: 'json' | 'csv';
}

export type ParsedQuery = { ok: true; query: ResultsQuery } | { ok: false; message: string };

export function parseResultsQuery(params: URLSearchParams): ParsedQuery {
  const level = params.get('level') ?? 'region';
  if (level !== 'region' && level !== 'province' && level !== 'district') return { ok: false, message: 'level must be region, province or district' };
  const format = params.get('format') ?? 'json';
  if (format !== 'json' && format !== 'csv') return { ok: false, message: 'format must be json or csv' };
  const region = params.get('region') ?? undefined;
  const province = params.get('province') ?? undefined;
  if (level !== 'region' && !region) return { ok: false, message: `level=${level} needs region=` };
  if (level === 'district' && !province) return { ok: false, message: 'level=district needs region= and province=' };
  if ((region?.length ?? 0) > 500 || (province?.length ?? 0) > 500) return { ok: false, message: 'region and province are at most 500 characters' };
  const contest = params.get('contest') ?? '';
  if (contest.length > MAX_CONTEST_NAME) return { ok: false, message: `contest is at most ${MAX_CONTEST_NAME} characters` };
  return { ok: true, query: { contest, level, format, region: level === 'region' ? undefined : region, province: level === 'district' ? province : undefined } };
}

export interface LevelResults {
  contest: string;
  version: number;
  updatedAt: string | null;
  level: ResultsLevel;
  region: string | null;
  province: string | null;
  totals: ReturnType<typeof summarizeCells>['totals'];
  /** One per region / province / district of the parent, by name. */
  areas: { area: string; votes: number; valid: number; blank: number; null: number; candidates: { candidate: string; votes: number }[] }[];
  /** Stations reporting in the parent area and per area (present when there are stations). */
  reporting?: { total: ReportingFigures; areas: Record<string, ReportingFigures> };
}

const AREA_COLUMN: Record<ResultsLevel, string> = { region: 'region', province: 'province', district: 'district' };

/** The level's results in one REPEATABLE READ transaction: the cells are exactly the state at `version`. */
export async function levelResults(q: ResultsQuery): Promise<LevelResults> {
  return inTransaction(
    async (sql) => {
      const [v] = await sql.query<{ version: string; updated_at: Date }>('SELECT version, updated_at FROM tally_version WHERE id = 1');
      // The column name comes from a fixed map, never from the request; values are bound parameters.
      const rows = await sql.query<{ area: string; candidate: string; status: VoteStatus; votes: number }>(
        `SELECT ${AREA_COLUMN[q.level]} AS area, CASE WHEN status = 'valid' THEN candidate ELSE '' END AS candidate, status,
                sum(votes)::float8 AS votes
         FROM tally
         WHERE contest = $3 AND ($1::text IS NULL OR region = $1) AND ($2::text IS NULL OR province = $2)
         GROUP BY 1, 2, 3 HAVING sum(votes) <> 0`,
        [q.region ?? null, q.province ?? null, q.contest],
      );
      const [any] = await sql.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM polling_station) OR EXISTS (SELECT 1 FROM station_report) AS any');
      const reporting = any.any ? await reportingFigures(q.contest, q.level, { region: q.region, province: q.province }, sql) : undefined;
      const version = Number(v?.version ?? 0);
      const updatedAt = version > 0 && v ? v.updated_at.toISOString() : null;
      const cells: TallyCell[] = rows.map((r) => [r.area, r.candidate, r.status, r.votes]);
      const s = summarizeCells(version, updatedAt, cells);
      return {
        contest: q.contest,
        version,
        updatedAt,
        level: q.level,
        region: q.region ?? null,
        province: q.province ?? null,
        totals: s.totals,
        areas: s.regions.map(({ region, ...rest }) => ({ area: region, ...rest })),
        ...(reporting ? { reporting } : {}),
      };
    },
    { isolation: 'REPEATABLE READ' },
  );
}

/** One line per area and candidate, then the area's blank and null votes. */
export function levelResultsCsv(r: LevelResults): string {
  let out = csvLine(['version', 'level', 'region', 'province', 'area', 'candidate', 'status', 'votes']);
  for (const a of r.areas) {
    const base = [r.version, r.level, r.region ?? '', r.province ?? ''];
    for (const c of a.candidates) out += csvLine([...base, a.area, c.candidate, 'valid', c.votes]);
    if (a.blank) out += csvLine([...base, a.area, '', 'blank', a.blank]);
    if (a.null) out += csvLine([...base, a.area, '', 'null', a.null]);
  }
  return out;
}

/** A download name from the query (no path characters). */
export function resultsFileName(q: ResultsQuery, version: number): string {
  const parts = ['results', q.contest, q.level, q.region, q.province].filter(Boolean).map((p) => String(p).replace(/[^\p{L}\p{N}._-]+/gu, '_'));
  return `${parts.join('-')}-v${version}.${q.format}`;
}
