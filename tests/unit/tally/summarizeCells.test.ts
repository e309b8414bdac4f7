import { describe, it, expect } from 'vitest';
import type { TallyCell } from '../../../lib/events';
import { summarizeCells } from '../../../lib/results/summarizeCells';

describe('summarizeCells', () => {
  const cells: TallyCell[] = [
    ['Sur', 'Beto', 1, 4],
    ['Norte', 'Ana', 1, 10],
    ['Norte', 'Beto', 1, 3],
    ['Norte', '', 0, 2],
    ['Sur', '', 0, 1],
    ['Ávila', 'Carla', 1, 5],
  ];

  it('adds up totals, valid and invalid votes', () => {
    const r = summarizeCells(7, '2026-11-23T10:00:00.000Z', cells);
    expect(r.version).toBe(7);
    expect(r.updatedAt).toBe('2026-11-23T10:00:00.000Z');
    expect(r.totals.votes).toBe(25);
    expect(r.totals.valid).toBe(22);
    expect(r.totals.invalid).toBe(3);
  });

  it('counts only valid votes for candidates, sorted by votes then name', () => {
    const r = summarizeCells(1, null, cells);
    expect(r.totals.byCandidate).toEqual([
      { candidate: 'Ana', votes: 10 },
      { candidate: 'Beto', votes: 7 },
      { candidate: 'Carla', votes: 5 },
    ]);
  });

  it('never counts an invalid cell for a candidate, even when it names one', () => {
    const r = summarizeCells(1, null, [
      ['Norte', 'Ana', 1, 3],
      ['Norte', 'Ana', 0, 5],
      ['Norte', 'Beto', 0, 2],
    ]);
    expect(r.totals).toEqual({ votes: 10, valid: 3, invalid: 7, byCandidate: [{ candidate: 'Ana', votes: 3 }] });
    expect(r.regions).toEqual([
      { region: 'Norte', votes: 10, valid: 3, invalid: 7, candidates: [{ candidate: 'Ana', votes: 3 }] },
    ]);
  });

  it('summarizes each region, sorted by name with Spanish collation', () => {
    const r = summarizeCells(1, null, cells);
    expect(r.regions.map((x) => x.region)).toEqual(['Ávila', 'Norte', 'Sur']);
    expect(r.regions[1]).toEqual({
      region: 'Norte',
      votes: 15,
      valid: 13,
      invalid: 2,
      candidates: [
        { candidate: 'Ana', votes: 10 },
        { candidate: 'Beto', votes: 3 },
      ],
    });
    expect(r.regions[2]).toEqual({ region: 'Sur', votes: 5, valid: 4, invalid: 1, candidates: [{ candidate: 'Beto', votes: 4 }] });
  });

  it('breaks ties by candidate name', () => {
    const r = summarizeCells(1, null, [
      ['Norte', 'Zoe', 1, 2],
      ['Norte', 'Ángel', 1, 2],
      ['Norte', 'Bruno', 1, 2],
    ]);
    expect(r.totals.byCandidate.map((c) => c.candidate)).toEqual(['Ángel', 'Bruno', 'Zoe']);
  });

  it('keeps a region that has only invalid votes', () => {
    const r = summarizeCells(1, null, [['Este', '', 0, 4]]);
    expect(r.regions).toEqual([{ region: 'Este', votes: 4, valid: 0, invalid: 4, candidates: [] }]);
    expect(r.totals.byCandidate).toEqual([]);
  });

  it('skips empty cells and returns zeros for no cells', () => {
    expect(summarizeCells(0, null, [['Norte', 'Ana', 1, 0]])).toEqual({
      version: 0,
      updatedAt: null,
      totals: { votes: 0, valid: 0, invalid: 0, byCandidate: [] },
      regions: [],
    });
  });
});
