import { describe, it, expect } from 'vitest';
import type { TallyCell } from '../../../lib/events';
import { summarizeCells } from '../../../lib/results/summarizeCells';

describe('summarizeCells', () => {
  const cells: TallyCell[] = [
    ['Sur', 'Beto', 'valid', 4],
    ['Norte', 'Ana', 'valid', 10],
    ['Norte', 'Beto', 'valid', 3],
    ['Norte', '', 'null', 2],
    ['Sur', '', 'null', 1],
    ['Ávila', 'Carla', 'valid', 5],
  ];

  it('adds up totals, valid and invalid votes', () => {
    const r = summarizeCells(7, '2026-11-23T10:00:00.000Z', cells);
    expect(r.version).toBe(7);
    expect(r.updatedAt).toBe('2026-11-23T10:00:00.000Z');
    expect(r.totals.votes).toBe(25);
    expect(r.totals.valid).toBe(22);
    expect(r.totals.null).toBe(3);
    expect(r.totals.blank).toBe(0);
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
      ['Norte', 'Ana', 'valid', 3],
      ['Norte', 'Ana', 'null', 5],
      ['Norte', 'Beto', 'null', 2],
    ]);
    expect(r.totals).toEqual({ votes: 10, valid: 3, blank: 0, null: 7, byCandidate: [{ candidate: 'Ana', votes: 3 }] });
    expect(r.regions).toEqual([
      { region: 'Norte', votes: 10, valid: 3, blank: 0, null: 7, candidates: [{ candidate: 'Ana', votes: 3 }] },
    ]);
  });

  it('summarizes each region, sorted by name with Spanish collation', () => {
    const r = summarizeCells(1, null, cells);
    expect(r.regions.map((x) => x.region)).toEqual(['Ávila', 'Norte', 'Sur']);
    expect(r.regions[1]).toEqual({
      region: 'Norte',
      votes: 15,
      valid: 13,
      blank: 0,
      null: 2,
      candidates: [
        { candidate: 'Ana', votes: 10 },
        { candidate: 'Beto', votes: 3 },
      ],
    });
    expect(r.regions[2]).toEqual({ region: 'Sur', votes: 5, valid: 4, blank: 0, null: 1, candidates: [{ candidate: 'Beto', votes: 4 }] });
  });

  it('breaks ties by candidate name', () => {
    const r = summarizeCells(1, null, [
      ['Norte', 'Zoe', 'valid', 2],
      ['Norte', 'Ángel', 'valid', 2],
      ['Norte', 'Bruno', 'valid', 2],
    ]);
    expect(r.totals.byCandidate.map((c) => c.candidate)).toEqual(['Ángel', 'Bruno', 'Zoe']);
  });

  it('keeps a region that has only invalid votes', () => {
    const r = summarizeCells(1, null, [['Este', '', 'null', 4]]);
    expect(r.regions).toEqual([{ region: 'Este', votes: 4, valid: 0, blank: 0, null: 4, candidates: [] }]);
    expect(r.totals.byCandidate).toEqual([]);
  });

  it('skips empty cells and returns zeros for no cells', () => {
    expect(summarizeCells(0, null, [['Norte', 'Ana', 'valid', 0]])).toEqual({
      version: 0,
      updatedAt: null,
      totals: { votes: 0, valid: 0, blank: 0, null: 0, byCandidate: [] },
      regions: [],
    });
  });
});
