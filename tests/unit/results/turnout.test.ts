import { describe, expect, it } from 'vitest';
import { summarizeCells } from '../../../lib/results/summarizeCells';
import { computeTurnout } from '../../../lib/results/turnout';

const results = summarizeCells(3, null, [
  ['Lima', 'A', 'valid', 600],
  ['Lima', '', 'blank', 50],
  ['Lima', '', 'null', 50],
  ['CUSCO', 'B', 'valid', 300],
  ['Atlantis', 'A', 'valid', 40],
  ['Tacna', 'A', 'valid', 150],
]);

describe('computeTurnout', () => {
  it('per region and nationally: counted / registered and counted / expected, matched by normalised name', () => {
    const t = computeTurnout(results, [
      { region: 'Lima', registered: 1000, expectedVotes: 800 },
      { region: 'Cusco', registered: 500, expectedVotes: 400 },
      { region: 'Puno', registered: 100, expectedVotes: 50 },
      { region: 'Tacna', registered: 100, expectedVotes: 120 },
    ]);
    expect(t.regions).toEqual([
      { region: 'Lima', registered: 1000, expectedVotes: 800, counted: 700, turnout: 0.7, countedShare: 0.875, resultRegions: ['Lima'] },
      { region: 'Cusco', registered: 500, expectedVotes: 400, counted: 300, turnout: 0.6, countedShare: 0.75, resultRegions: ['CUSCO'] },
      { region: 'Puno', registered: 100, expectedVotes: 50, counted: 0, turnout: 0, countedShare: 0, resultRegions: [] },
      // More votes than voters stays visible as > 1: the panel flags it.
      { region: 'Tacna', registered: 100, expectedVotes: 120, counted: 150, turnout: 1.5, countedShare: 1.25, resultRegions: ['Tacna'] },
    ]);
    // Atlantis's 40 votes have no expected row: left out of national turnout, reported apart.
    expect(t.national).toEqual({ registered: 1700, expectedVotes: 1370, counted: 1150, turnout: 1150 / 1700, countedShare: 1150 / 1370 });
    expect(t.expectedWithoutResults).toEqual(['Puno']);
    expect(t.resultsWithoutExpected).toEqual(['Atlantis']);
    expect(t.votesWithoutExpected).toBe(40);
  });

  it('no national expected votes unless every row has them; zero denominators give null, not Infinity', () => {
    const t = computeTurnout(results, [
      { region: 'Lima', registered: 0, expectedVotes: null },
      { region: 'Cusco', registered: 500, expectedVotes: 0 },
    ]);
    expect(t.regions[0]).toMatchObject({ turnout: null, countedShare: null, counted: 700 });
    expect(t.regions[1]).toMatchObject({ turnout: 0.6, countedShare: null });
    expect(t.national).toMatchObject({ expectedVotes: null, countedShare: null, registered: 500, counted: 1000 });
  });

  it('an empty list or empty results', () => {
    expect(computeTurnout(results, []).national).toEqual({ registered: 0, expectedVotes: null, counted: 0, turnout: null, countedShare: null });
    const none = computeTurnout(summarizeCells(0, null, []), [{ region: 'Lima', registered: 10, expectedVotes: 5 }]);
    expect(none.national).toMatchObject({ counted: 0, turnout: 0, countedShare: 0 });
    expect(none.expectedWithoutResults).toEqual(['Lima']);
  });
});
