// Turns region-level tally cells into the results everyone reads. Shared by the dashboard (browser) and
// GET /api/results (server), so both show the very same numbers for the same cells: keep it pure and exact.
import type { TallyCell } from '../events';

export interface CandidateVotes {
  candidate: string;
  /** Valid votes only. */
  votes: number;
}

export interface RegionResults {
  region: string;
  /** valid + blank + null. */
  votes: number;
  valid: number;
  blank: number;
  null: number;
  candidates: CandidateVotes[];
}

export interface Results {
  version: number;
  updatedAt: string | null;
  totals: {
    votes: number;
    valid: number;
    blank: number;
    null: number;
    byCandidate: CandidateVotes[];
  };
  /** Sorted by region name (Spanish collation). */
  regions: RegionResults[];
}

const collator = new Intl.Collator('es');

/** Most votes first; ties by name so the order is stable. */
function byVotesThenName(a: CandidateVotes, b: CandidateVotes): number {
  return b.votes - a.votes || collator.compare(a.candidate, b.candidate);
}

function toSortedList(votesByCandidate: Map<string, number>): CandidateVotes[] {
  return Array.from(votesByCandidate, ([candidate, votes]) => ({ candidate, votes })).sort(byVotesThenName);
}

interface RegionAccumulator {
  valid: number;
  blank: number;
  null: number;
  byCandidate: Map<string, number>;
}

/**
 * Cells with 0 votes are skipped, so the result does not depend on whether storage keeps empty cells.
 * Blank and null cells count towards their status and `votes`, never towards a candidate, whatever their
 * candidate field says.
 */
export function summarizeCells(version: number, updatedAt: string | null, cells: TallyCell[]): Results {
  const regions = new Map<string, RegionAccumulator>();
  const totalByCandidate = new Map<string, number>();
  const totals = { valid: 0, blank: 0, null: 0 };

  for (const [region, candidate, status, votes] of cells) {
    if (votes === 0) continue;
    let acc = regions.get(region);
    if (!acc) {
      acc = { valid: 0, blank: 0, null: 0, byCandidate: new Map() };
      regions.set(region, acc);
    }
    acc[status] += votes;
    totals[status] += votes;
    if (status === 'valid') {
      acc.byCandidate.set(candidate, (acc.byCandidate.get(candidate) ?? 0) + votes);
      totalByCandidate.set(candidate, (totalByCandidate.get(candidate) ?? 0) + votes);
    }
  }

  const regionList: RegionResults[] = Array.from(regions, ([region, acc]) => ({
    region,
    votes: acc.valid + acc.blank + acc.null,
    valid: acc.valid,
    blank: acc.blank,
    null: acc.null,
    candidates: toSortedList(acc.byCandidate),
  })).sort((a, b) => collator.compare(a.region, b.region));

  return {
    version,
    updatedAt,
    totals: { votes: totals.valid + totals.blank + totals.null, ...totals, byCandidate: toSortedList(totalByCandidate) },
    regions: regionList,
  };
}
