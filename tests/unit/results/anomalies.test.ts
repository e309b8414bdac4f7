import { describe, expect, it } from 'vitest';
import { detectAnomalies, median } from '../../../lib/results/anomalies';
import { summarizeCells } from '../../../lib/results/summarizeCells';
import type { TallyCell } from '../../../lib/events';

/** Regions with `valid` valid votes for Ana and `nul` null votes each. */
function results(regions: Record<string, [valid: number, nul: number]>) {
  const cells: TallyCell[] = [];
  for (const [region, [valid, nul]] of Object.entries(regions)) {
    cells.push([region, 'Ana', 'valid', valid]);
    if (nul) cells.push([region, '', 'null', nul]);
  }
  return summarizeCells(9, '2026-11-23T12:00:00.000Z', cells);
}

/** An expected-voters list from region → registered voters. */
function registeredVoters(entries: [string, number][]) {
  return entries.map(([region, registered]) => ({ region, registered, expectedVotes: null }));
}

describe('detectAnomalies', () => {
  it('is quiet on ordinary results', () => {
    const r = results({ A: [950, 50], B: [960, 40], C: [940, 60], D: [955, 45], E: [945, 55] });
    const expected = registeredVoters([['A', 2000], ['B', 2000], ['C', 2000], ['D', 2000], ['E', 2000]]);
    expect(detectAnomalies({ results: r, expected, decreases: [] })).toEqual([]);
  });

  describe('(a) turnout over 100 %', () => {
    it('flags a region with more votes than registered voters, as an alert, in both languages', () => {
      const r = results({ Lima: [1100, 20], Cusco: [500, 0] });
      const flags = detectAnomalies({ results: r, expected: registeredVoters([['Lima', 1000], ['Cusco', 2000]]) });
      expect(flags).toEqual([
        expect.objectContaining({ kind: 'turnout', severity: 'alert', region: 'Lima', value: 1.12 }),
      ]);
      expect(flags[0].message.en).toBe('Lima: 1,120 votes for 1,000 registered voters (112.0% turnout)');
      expect(flags[0].message.es).toContain('1.120 votos para 1.000 electores inscritos');
    });

    it('flags the nation when every region with votes has a registered figure and the sum is exceeded', () => {
      const r = results({ A: [900, 0], B: [900, 0] });
      const flags = detectAnomalies({ results: r, expected: registeredVoters([['A', 1000], ['B', 700]]) });
      // The nation first, then regions.
      expect(flags.map((f) => [f.region ?? 'nation', f.value])).toEqual([
        ['nation', 1800 / 1700],
        ['B', 900 / 700],
      ]);
    });

    it('does not judge the nation when a region with votes has no registered figure, nor without any figures', () => {
      const r = results({ A: [900, 0], B: [900, 0] });
      expect(detectAnomalies({ results: r, expected: registeredVoters([['A', 800]]) }).map((f) => f.region)).toEqual(['A']);
      expect(detectAnomalies({ results: r })).toEqual([]);
      expect(detectAnomalies({ results: r, expected: [] })).toEqual([]);
    });

    it('treats votes where nobody is registered as over 100 %', () => {
      const flags = detectAnomalies({ results: results({ A: [5, 0] }), expected: registeredVoters([['A', 0]]) });
      expect(flags.map((f) => [f.region ?? 'nation', f.value])).toEqual([
        ['nation', Infinity],
        ['A', Infinity],
      ]);
      expect(flags[1].message.en).toContain('(∞ turnout)');
    });
  });

  describe('(b) a candidate going down during an upload', () => {
    it('flags each decrease of an upload with its version and amount, and ignores retractions and resets', () => {
      const flags = detectAnomalies({
        results: results({ Lima: [10, 0] }),
        decreases: [
          { version: 7, region: 'Lima', candidate: 'Ana', votes: -3 },
          { version: 8, region: 'Cusco', candidate: 'Beto', votes: -1, reason: 'upload' },
          { version: 9, region: 'Lima', candidate: 'Ana', votes: -10, reason: 'retraction' },
          { version: 10, region: 'Lima', candidate: 'Ana', votes: -10, reason: 'reset' },
          { version: 11, region: 'Lima', candidate: 'Ana', votes: 2 },
        ],
      });
      expect(flags.map((f) => [f.kind, f.severity, f.version, f.region, f.candidate, f.value])).toEqual([
        ['decrease', 'warning', 8, 'Cusco', 'Beto', -1],
        ['decrease', 'warning', 7, 'Lima', 'Ana', -3],
      ]);
      expect(flags[1].message.en).toBe("Version 7: Ana's valid votes in Lima went down by 3 during an upload");
      expect(flags[1].message.es).toBe('Versión 7: los votos válidos de Ana en Lima bajaron en 3 durante una carga');
    });
  });

  describe('(c) null share far above the other regions', () => {
    const typical = { A: [950, 50], B: [960, 40], C: [940, 60], D: [955, 45], E: [945, 55] } as Record<string, [number, number]>;

    it('flags a region at several times the median null share', () => {
      const flags = detectAnomalies({ results: results({ ...typical, X: [700, 300] }) });
      expect(flags).toEqual([expect.objectContaining({ kind: 'null-share', severity: 'warning', region: 'X', value: 0.3 })]);
      expect(flags[0].message.en).toBe('X: 30.0% of votes are null (median of regions 5.3%)');
    });

    it('does not flag a somewhat higher share, a tiny region, or too few regions to compare', () => {
      expect(detectAnomalies({ results: results({ ...typical, X: [910, 90] }) })).toEqual([]);
      // 50 % null but only 100 votes: below the minimum, not judged.
      expect(detectAnomalies({ results: results({ ...typical, Tiny: [50, 50] }) })).toEqual([]);
      expect(detectAnomalies({ results: results({ A: [950, 50], B: [960, 40], X: [500, 500] }) })).toEqual([]);
      expect(detectAnomalies({ results: results({ A: [950, 50], B: [960, 40], X: [500, 500] }), options: { nullShareMinRegions: 3 } }).map((f) => f.region)).toEqual(['X']);
    });

    it('needs at least 2 points above the median, so a country with almost no null votes does not flag a handful', () => {
      const clean = { A: [1000, 0], B: [1000, 0], C: [1000, 0], D: [1000, 0] } as Record<string, [number, number]>;
      expect(detectAnomalies({ results: results({ ...clean, X: [990, 10] }) })).toEqual([]);
      expect(detectAnomalies({ results: results({ ...clean, X: [900, 100] }) }).map((f) => f.region)).toEqual(['X']);
    });
  });

  it('lists alerts before warnings', () => {
    const flags = detectAnomalies({
      results: results({ A: [950, 50], B: [960, 40], C: [940, 60], D: [955, 45], X: [700, 300] }),
      expected: registeredVoters([['B', 10]]),
      decreases: [{ version: 3, region: 'A', candidate: 'Ana', votes: -1 }],
    });
    expect(flags.map((f) => f.kind)).toEqual(['turnout', 'null-share', 'decrease']);
  });
});

describe('median', () => {
  it('of odd, even and empty lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });
});
