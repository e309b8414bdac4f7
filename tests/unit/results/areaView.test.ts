import { describe, expect, it } from 'vitest';
import type { AreaCell, TallyCell } from '../../../lib/events';
import { isSingleRace, leadOf, levelOf, pathFromParams, pathInto, pathToQuery, resultsAt } from '../../../lib/results/areaView';
import { summarizeCells } from '../../../lib/results/summarizeCells';

const AREA: AreaCell[] = [
  ['Lima', 'Lima', 'Miraflores', 'Ana', 'valid', 10],
  ['Lima', 'Lima', 'Miraflores', 'Beto', 'valid', 4],
  ['Lima', 'Lima', 'Surco', 'Ana', 'valid', 3],
  ['Lima', 'Lima', 'Surco', '', 'null', 2],
  ['Lima', 'Huaral', 'Chancay', 'Beto', 'valid', 7],
  ['Lima', 'Huaral', 'Chancay', '', 'blank', 1],
  ['Cusco', 'Cusco', 'Cusco', 'Zoe', 'valid', 99],
];

describe('drill-down paths', () => {
  it('parses the URL, dropping a part whose parent is missing, and round-trips', () => {
    const p = pathFromParams((k) => ({ region: 'Lima', province: 'Lima', district: 'Surco' })[k]);
    expect(p).toEqual({ region: 'Lima', province: 'Lima', district: 'Surco' });
    expect(levelOf(p)).toBe('district');
    expect(pathFromParams((k) => ({ province: 'Lima', district: 'x' })[k as 'province'])).toEqual({});
    const q = new URLSearchParams(pathToQuery(p).slice(1));
    expect(pathFromParams((k) => q.get(k))).toEqual(p);
    expect(pathInto({ region: 'Lima' }, 'Huaral')).toEqual({ region: 'Lima', province: 'Huaral' });
    expect(pathToQuery({})).toBe('');
    // The contest rides along (first), except the default one.
    expect(pathToQuery({ region: 'Lima' }, 'Congreso 2026')).toBe('?contest=Congreso+2026&region=Lima');
    expect(pathToQuery({}, 'Congreso')).toBe('?contest=Congreso');
    expect(pathToQuery({ region: 'Lima' }, '')).toBe('?region=Lima');
  });
});

describe('resultsAt', () => {
  it('lists provinces of a region, districts of a province, and one district, with exact totals', () => {
    const region = resultsAt({ region: 'Lima' }, 5, null, { area: AREA });
    expect(region.regions.map((r) => [r.region, r.votes])).toEqual([
      ['Huaral', 8],
      ['Lima', 19],
    ]);
    expect(region.totals).toMatchObject({ votes: 27, valid: 24, blank: 1, null: 2 });
    expect(region.totals.byCandidate).toEqual([
      { candidate: 'Ana', votes: 13 },
      { candidate: 'Beto', votes: 11 },
    ]);
    const province = resultsAt({ region: 'Lima', province: 'Lima' }, 5, null, { area: AREA });
    expect(province.regions.map((r) => r.region)).toEqual(['Miraflores', 'Surco']);
    const district = resultsAt({ region: 'Lima', province: 'Lima', district: 'Surco' }, 5, null, { area: AREA });
    expect(district.totals).toMatchObject({ votes: 5, valid: 3, null: 2 });
  });

  it('nationally equals summarizeCells of the region cells (the API function)', () => {
    const cells: TallyCell[] = [['Lima', 'Ana', 'valid', 3]];
    expect(resultsAt({}, 1, null, { national: cells })).toEqual(summarizeCells(1, null, cells));
  });
});

describe('isSingleRace', () => {
  const area = (region: string, names: string[]) => ({
    region,
    votes: 1,
    valid: 1,
    blank: 0,
    null: 0,
    candidates: names.map((candidate) => ({ candidate, votes: 1 })),
  });
  it('a national race: the same candidates stand in (nearly) every region', () => {
    expect(isSingleRace([area('A', ['x', 'y', 'z']), area('B', ['x', 'y']), area('C', ['y', 'x', 'w'])])).toBe(true);
  });
  it('a race per region: each region its own candidates, even when a name repeats by chance', () => {
    expect(isSingleRace([area('A', ['a1', 'a2']), area('B', ['b1', 'b2']), area('C', ['c1', 'c2'])])).toBe(false);
    expect(isSingleRace([area('A', ['x', 'a2']), area('B', ['b1', 'x']), area('C', ['c1', 'c2']), area('D', ['d1'])])).toBe(false);
  });
  it('a national race where one region has only some of the candidates', () => {
    expect(isSingleRace([area('A', ['x', 'y', 'z']), area('B', ['x', 'y']), area('C', ['x'])])).toBe(true);
  });
  it('one area is always a single race', () => {
    expect(isSingleRace([area('A', ['a1', 'a2'])])).toBe(true);
  });
});

describe('leadOf', () => {
  it('gives leader, margin and shares of valid votes; a tie is a tie', () => {
    const lead = leadOf([{ candidate: 'A', votes: 60 }, { candidate: 'B', votes: 40 }], 100)!;
    expect(lead).toMatchObject({ margin: 20, leaderShare: 0.6, marginShare: 0.2, tie: false });
    expect(leadOf([{ candidate: 'A', votes: 5 }, { candidate: 'B', votes: 5 }], 10)!.tie).toBe(true);
    expect(leadOf([], 0)).toBeNull();
  });
});
