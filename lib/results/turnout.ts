// Turnout and share counted, from the results and the admin's expected-voters list. Pure: the dashboard computes it
// in the browser on every live update, tests without servers.
import { normalizeRegionName } from '../regions/regionNames';
import type { Results } from './summarizeCells';

/** One row of the admin's expected-voters list. */
export interface ExpectedVoters {
  region: string;
  registered: number;
  /** Votes expected to be cast (e.g. ballots issued); null when the list does not say. */
  expectedVotes: number | null;
}

export interface TurnoutFigures {
  registered: number;
  expectedVotes: number | null;
  /** Votes counted so far (valid + blank + null). */
  counted: number;
  /** counted / registered; null when registered is 0. Above 1 means more votes than voters: a data problem. */
  turnout: number | null;
  /** counted / expectedVotes; null without expected votes (or when they are 0). */
  countedShare: number | null;
}

export interface RegionTurnout extends TurnoutFigures {
  /** As the expected-voters list writes it. */
  region: string;
  /** The result regions counted here (matched by normalised name: case, accents, punctuation). */
  resultRegions: string[];
}

export interface Turnout {
  /**
   * Over the regions of the expected list only: `counted` leaves out votes of result regions that have no row (see
   * `votesWithoutExpected`), so turnout is never inflated by them. `expectedVotes` is null unless every row has it.
   */
  national: TurnoutFigures;
  /** In the expected list's order. */
  regions: RegionTurnout[];
  /** Expected regions with no results yet. */
  expectedWithoutResults: string[];
  /** Result regions that have no expected row. */
  resultsWithoutExpected: string[];
  /** Votes counted in those result regions. */
  votesWithoutExpected: number;
}

export function computeTurnout(results: Pick<Results, 'regions'>, expected: readonly ExpectedVoters[]): Turnout {
  const rowByKey = new Map<string, number>();
  expected.forEach((e, i) => {
    const key = normalizeRegionName(e.region);
    if (!rowByKey.has(key)) rowByKey.set(key, i);
  });
  const regions: RegionTurnout[] = expected.map((e) => ({ ...figures(e.registered, e.expectedVotes, 0), region: e.region, resultRegions: [] }));
  const resultsWithoutExpected: string[] = [];
  let votesWithoutExpected = 0;
  for (const r of results.regions) {
    const i = rowByKey.get(normalizeRegionName(r.region));
    if (i === undefined) {
      resultsWithoutExpected.push(r.region);
      votesWithoutExpected += r.votes;
      continue;
    }
    regions[i].counted += r.votes;
    regions[i].resultRegions.push(r.region);
  }
  for (const r of regions) Object.assign(r, figures(r.registered, r.expectedVotes, r.counted));

  const registered = sum(expected.map((e) => e.registered));
  const allExpected = expected.length > 0 && expected.every((e) => e.expectedVotes !== null);
  const national = figures(registered, allExpected ? sum(expected.map((e) => e.expectedVotes!)) : null, sum(regions.map((r) => r.counted)));
  return {
    national,
    regions,
    expectedWithoutResults: regions.filter((r) => r.resultRegions.length === 0).map((r) => r.region),
    resultsWithoutExpected,
    votesWithoutExpected,
  };
}

function figures(registered: number, expectedVotes: number | null, counted: number): TurnoutFigures {
  return {
    registered,
    expectedVotes,
    counted,
    turnout: registered > 0 ? counted / registered : null,
    countedShare: expectedVotes !== null && expectedVotes > 0 ? counted / expectedVotes : null,
  };
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
