import type { TallyCell, ReportingFigures } from '../events';
import type { VoteStatus } from '../ingest/types';
import { inTransaction } from '../sql';
import { getCurrentVersion } from './getSnapshot';
import { reportingFigures } from './stationsReporting';
import { summarizeCells, type Results } from './summarizeCells';

// GET /api/results[?contest=C], computed once per tally version and contest: a dashboard refresh storm (or a
// results feed polled by newsrooms) costs one single-row read per request while the count stands still, and never
// a stale answer: the version is read first, and a body is reused only when it was made at that very version.

/** What /api/results says about a contest: the results, and where stations report, how many have. */
export type ContestResults = Results & {
  contest: string;
  /** Present when there is a stations list or any station report. */
  reporting?: { total: ReportingFigures; regions: Record<string, ReportingFigures> };
};

interface Rendered {
  version: number;
  body: string;
}

const KEY = Symbol.for('tally.currentResults');
type Entry = { last: Rendered | null; pending: Promise<Rendered> | null };
type Holder = { [KEY]?: Map<string, Entry> };
/** Bodies kept for this many contests (the least recently asked goes first). */
const MAX_CONTESTS = 64;

function cache(contest: string): Entry {
  const g = globalThis as Holder;
  const all = (g[KEY] ??= new Map());
  let e = all.get(contest);
  if (e) {
    all.delete(contest);
  } else {
    e = { last: null, pending: null };
    if (all.size >= MAX_CONTESTS) all.delete(all.keys().next().value!);
  }
  all.set(contest, e);
  return e;
}

export async function currentResults(contest = ''): Promise<Rendered> {
  const c = cache(contest);
  const version = await getCurrentVersion();
  if (c.last && c.last.version === version) return c.last;
  // Requests arriving while one is being rendered share it (it is at least as new as the version they read).
  c.pending ??= render(contest).finally(() => {
    c.pending = null;
  });
  const rendered = await c.pending;
  return rendered.version >= version ? rendered : render(contest);
}

/** A contest's results and stations reporting, read at one version. */
export async function readContestResults(contest: string): Promise<ContestResults> {
  return inTransaction(
    async (sql) => {
      const [v] = await sql.query<{ version: string; updated_at: Date }>('SELECT version, updated_at FROM tally_version WHERE id = 1');
      const rows = await sql.query<{ region: string; candidate: string; status: VoteStatus; votes: number }>(
        `SELECT region, CASE WHEN status = 'valid' THEN candidate ELSE '' END AS candidate, status, sum(votes)::float8 AS votes
         FROM tally WHERE contest = $1 GROUP BY 1, 2, 3 HAVING sum(votes) <> 0 ORDER BY 1, 2, 3`,
        [contest],
      );
      const version = Number(v?.version ?? 0);
      const cells: TallyCell[] = rows.map((r) => [r.region, r.candidate, r.status, r.votes]);
      const results: ContestResults = { contest, ...summarizeCells(version, version > 0 && v ? v.updated_at.toISOString() : null, cells) };
      const [any] = await sql.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM polling_station) OR EXISTS (SELECT 1 FROM station_report) AS any');
      if (any.any) {
        const { total, areas } = await reportingFigures(contest, 'region', {}, sql);
        results.reporting = { total, regions: areas };
      }
      return results;
    },
    { isolation: 'REPEATABLE READ' },
  );
}

async function render(contest: string): Promise<Rendered> {
  const results = await readContestResults(contest);
  const rendered = { version: results.version, body: JSON.stringify(results) };
  const c = cache(contest);
  if (!c.last || rendered.version >= c.last.version) c.last = rendered;
  return rendered;
}
