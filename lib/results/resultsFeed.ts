import type { VoteStatus } from '../ingest/types';
import { inTransaction } from '../sql';
import { listContests } from './contests';
import { getCurrentVersion } from './getSnapshot';
import { getResultsStatus } from './resultsStatus';

// GET /api/results/feed.json: the whole count in one document for newsrooms that would otherwise scrape every
// drill-down: every contest, every region, province and district with its votes per candidate, and every polling
// station with its counted total. Read at one version (REPEATABLE READ), rendered once per version and shared by
// every request asking meanwhile; the ETag names the version, so a poller pays one small read while nothing moves.

export interface FeedUnit {
  level: 'region' | 'province' | 'district';
  region: string;
  province: string;
  district: string;
  votes: number;
  valid: number;
  blank: number;
  null: number;
  /** Valid votes by candidate. */
  candidates: Record<string, number>;
}

export interface FeedStation {
  station: string;
  region: string;
  province: string;
  district: string;
  /** Registered voters (null when the station is not on the list). */
  registered: number | null;
  /** Votes of its counted report. */
  votes: number;
}

export interface FeedContest {
  name: string;
  seats: number;
  scope: string[] | null;
  /** Units at every level: region rows have province "" and district ""; province rows district "". */
  units: FeedUnit[];
  /** Stations with a counted report. */
  stations: FeedStation[];
}

export interface ResultsFeed {
  version: number;
  updatedAt: string | null;
  status: string;
  contests: FeedContest[];
}

export async function buildFeed(): Promise<ResultsFeed> {
  const { status } = await getResultsStatus();
  return inTransaction(
    async (sql) => {
      const [v] = await sql.query<{ version: string; updated_at: Date }>('SELECT version, updated_at FROM tally_version WHERE id = 1');
      const contests = await listContests(sql);
      const rows = await sql.query<{ contest: string; region: string; province: string | null; district: string | null; candidate: string; status: VoteStatus; votes: number }>(
        // One pass, three levels: GROUPING SETS gives region, province and district sums at once.
        `SELECT contest, region, province, district, candidate, status, sum(votes)::float8 AS votes
         FROM (SELECT contest, region, province, district, CASE WHEN status = 'valid' THEN candidate ELSE '' END AS candidate, status, votes FROM tally) t
         GROUP BY GROUPING SETS ((contest, region, candidate, status), (contest, region, province, candidate, status),
                                 (contest, region, province, district, candidate, status))
         HAVING sum(votes) <> 0`,
      );
      const stations = await sql.query<FeedStation & { contest: string }>(
        `SELECT r.contest, r.station, r.region, r.province, r.district, p.registered::float8 AS registered, r.votes::float8 AS votes
         FROM station_report r LEFT JOIN polling_station p ON p.station = r.station
         WHERE r.state = 'counted' ORDER BY r.contest, r.station`,
      );
      const byContest = new Map<string, FeedContest>(contests.map((c) => [c.name, { ...c, units: [], stations: [] }]));
      const units = new Map<string, FeedUnit>();
      for (const r of rows) {
        const contest = byContest.get(r.contest) ?? { name: r.contest, seats: 1, scope: null, units: [], stations: [] };
        byContest.set(r.contest, contest);
        const level = r.province === null ? 'region' : r.district === null ? 'province' : 'district';
        // Files without provinces or districts: no unit below the region.
        if ((level === 'province' && r.province === '') || (level === 'district' && r.district === '')) continue;
        const province = r.province ?? '';
        const district = r.district ?? '';
        const key = `${r.contest}\u0000${level}\u0000${r.region}\u0000${province}\u0000${district}`;
        let u = units.get(key);
        if (!u) {
          u = { level, region: r.region, province, district, votes: 0, valid: 0, blank: 0, null: 0, candidates: {} };
          units.set(key, u);
          contest.units.push(u);
        }
        u.votes += r.votes;
        u[r.status] += r.votes;
        if (r.status === 'valid') u.candidates[r.candidate] = (u.candidates[r.candidate] ?? 0) + r.votes;
      }
      for (const { contest, ...s } of stations) byContest.get(contest)?.stations.push(s);
      const list = [...byContest.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const c of list) {
        c.units.sort((a, b) => cmp(a.region, b.region) || cmp(a.province, b.province) || cmp(a.district, b.district));
      }
      const version = Number(v?.version ?? 0);
      return { version, updatedAt: version > 0 && v ? v.updated_at.toISOString() : null, status, contests: list };
    },
    { isolation: 'REPEATABLE READ' },
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

let last: { version: number; body: string } | null = null;
let pending: Promise<{ version: number; body: string }> | null = null;

/** The feed's body at the current version (or a newer one), rendered once per version. */
export async function feedBody(): Promise<{ version: number; body: string }> {
  const version = await getCurrentVersion();
  if (last && last.version >= version) return last;
  pending ??= buildFeed()
    .then((feed) => {
      const rendered = { version: feed.version, body: JSON.stringify(feed) };
      if (!last || rendered.version >= last.version) last = rendered;
      return rendered;
    })
    .finally(() => (pending = null));
  return pending;
}
