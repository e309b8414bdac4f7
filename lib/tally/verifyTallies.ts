import { getPrisma } from '../db';
import type { VoteStatus } from '../ingest/types';

export interface TallyDifference {
  contest: string;
  region: string;
  province: string;
  district: string;
  candidate: string;
  status: VoteStatus;
  /** What the tally table says. */
  tally: number;
  /** What the stored raw rows add up to: ballot rows, and the rows of each station's counted report. */
  records: number;
}

export interface VerifyReport {
  version: number;
  ok: boolean;
  tallyVotes: number;
  recordVotes: number;
  differences: TallyDifference[];
}

/**
 * Recomputes every tally from the stored raw rows (vote_record) and lists each key where the two disagree.
 * Runs in one REPEATABLE READ transaction so a commit in between cannot show up as a false difference.
 */
export async function verifyTallies(limit = 1000): Promise<VerifyReport> {
  return getPrisma().$transaction(
    async (tx) => {
      const [{ version }] = await tx.$queryRaw<{ version: bigint }[]>`SELECT version FROM tally_version WHERE id = 1`;
      const rows = await tx.$queryRaw<
        { contest: string; region: string; province: string; district: string; candidate: string; status: VoteStatus; tally: bigint; records: bigint }[]
      >`
        WITH counted AS (
          SELECT v.contest, v.region, v.province, v.district, v.candidate, v.status, v.votes FROM vote_record v WHERE v.station = ''
          UNION ALL
          SELECT v.contest, v.region, v.province, v.district, v.candidate, v.status, v.votes
          FROM station_report s JOIN vote_record v ON v.upload_id = s.upload_id AND v.contest = s.contest AND v.station = s.station
          WHERE s.state = 'counted'
        ), r AS (
          SELECT contest, region, province, district, candidate, status, sum(votes)::bigint AS votes FROM counted GROUP BY 1, 2, 3, 4, 5, 6
        )
        SELECT coalesce(t.contest, r.contest) AS contest, coalesce(t.region, r.region) AS region, coalesce(t.province, r.province) AS province,
               coalesce(t.district, r.district) AS district, coalesce(t.candidate, r.candidate) AS candidate,
               coalesce(t.status, r.status) AS status, coalesce(t.votes, 0)::bigint AS tally, coalesce(r.votes, 0)::bigint AS records
        FROM tally t FULL OUTER JOIN r
          ON t.contest = r.contest AND t.region = r.region AND t.province = r.province AND t.district = r.district
         AND t.candidate = r.candidate AND t.status = r.status
        WHERE coalesce(t.votes, 0) <> coalesce(r.votes, 0)
        ORDER BY 1, 2, 3, 4, 5, 6
        LIMIT ${limit}`;
      const [sums] = await tx.$queryRaw<{ tally: bigint | null; records: bigint | null }[]>`
        SELECT (SELECT sum(votes) FROM tally)::bigint AS tally,
               ((SELECT coalesce(sum(votes), 0) FROM vote_record WHERE station = '') +
                (SELECT coalesce(sum(v.votes), 0) FROM station_report s
                 JOIN vote_record v ON v.upload_id = s.upload_id AND v.contest = s.contest AND v.station = s.station
                 WHERE s.state = 'counted'))::bigint AS records`;
      const differences = rows.map((d) => ({ ...d, tally: Number(d.tally), records: Number(d.records) }));
      return {
        version: Number(version),
        ok: differences.length === 0,
        tallyVotes: Number(sums.tally ?? 0),
        recordVotes: Number(sums.records ?? 0),
        differences,
      };
    },
    // A full scan of the raw rows: millions of them take longer than an interactive transaction's 5 s default.
    { isolationLevel: 'RepeatableRead', timeout: 10 * 60_000 },
  );
}
