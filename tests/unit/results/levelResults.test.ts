import { describe, expect, it } from 'vitest';
import { levelResultsCsv, parseResultsQuery, resultsFileName, type LevelResults } from '../../../lib/results/levelResults';

const q = (s: string) => parseResultsQuery(new URLSearchParams(s));

describe('parseResultsQuery', () => {
  it('defaults to regions as json and keeps only the filters the level uses', () => {
    expect(q('')).toEqual({ ok: true, query: { contest: '', level: 'region', format: 'json', region: undefined, province: undefined } });
    expect(q('level=province&region=Lima&province=ignored&format=csv')).toEqual({
      ok: true,
      query: { contest: '', level: 'province', format: 'csv', region: 'Lima', province: undefined },
    });
  });

  it('refuses a level without its parents, and unknown levels or formats', () => {
    expect(q('level=province')).toMatchObject({ ok: false });
    expect(q('level=district&region=Lima')).toMatchObject({ ok: false });
    expect(q('level=country')).toMatchObject({ ok: false });
    expect(q('format=xml')).toMatchObject({ ok: false });
  });
});

describe('levelResultsCsv', () => {
  it('writes one line per area and candidate plus blank and null, with formula cells defused', () => {
    const r: LevelResults = {
      contest: '',
      version: 7,
      updatedAt: null,
      level: 'province',
      region: 'Lima',
      province: null,
      totals: { votes: 0, valid: 0, blank: 0, null: 0, byCandidate: [] },
      areas: [{ area: '=cmd|calc', votes: 6, valid: 4, blank: 1, null: 1, candidates: [{ candidate: '+Ana', votes: 4 }] }],
    };
    expect(levelResultsCsv(r).split('\r\n')).toEqual([
      'version,level,region,province,area,candidate,status,votes',
      "7,province,Lima,,'=cmd|calc,'+Ana,valid,4",
      "7,province,Lima,,'=cmd|calc,,blank,1",
      "7,province,Lima,,'=cmd|calc,,null,1",
      '',
    ]);
  });

  it('names downloads without path characters', () => {
    expect(resultsFileName({ contest: '', level: 'district', format: 'csv', region: 'Lima/../x', province: 'Cañete' }, 3)).toBe('results-district-Lima_.._x-Cañete-v3.csv');
  });
});
