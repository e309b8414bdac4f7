import { describe, expect, it } from 'vitest';
import { corpusFiles, type CorpusFile } from '../../../lib/generate/corpus';
import { peruGeography } from '../../../lib/generate/peru';
import { Random } from '../../../lib/generate/random';
import { computeTruth } from '../../../lib/generate/truth';
import { US_CANDIDATES, US_FILE_ROWS, US_STATES, voteId } from '../../../lib/generate/us';

function* allRows(files: CorpusFile[]) {
  for (const file of files) yield* file.rows();
}

describe('Random', () => {
  it('gives the same stream for the same seed parts and another for others', () => {
    const draw = (...parts: number[]) => {
      const r = new Random(...parts);
      return Array.from({ length: 5 }, () => r.uint32());
    };
    expect(draw(1, 2, 3)).toEqual(draw(1, 2, 3));
    expect(draw(1, 2, 3)).not.toEqual(draw(1, 2, 4));
    expect(draw(1, 2, 3)).not.toEqual(draw(2, 2, 3));
  });

  it('draws floats in [0, 1) with a mean near 1/2', () => {
    const r = new Random(7);
    let sum = 0;
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = r.float();
      if (!(x >= 0 && x < 1)) outside++;
      sum += x;
    }
    expect(outside).toBe(0);
    expect(sum / 100_000).toBeCloseTo(0.5, 2);
  });
});

describe('peru shape', () => {
  it('has 25 regions with real names, 196 provinces, 1,900 districts and 4-10 candidates per region', () => {
    const regions = peruGeography(1, 0.001);
    expect(regions).toHaveLength(25);
    expect(regions.map((r) => r.name)).toEqual(expect.arrayContaining(['Áncash', 'Apurímac', 'Huánuco', 'Junín', 'San Martín', 'Lima']));
    expect(regions.flatMap((r) => r.provinces)).toHaveLength(196);
    expect(regions.flatMap((r) => r.provinces.flatMap((p) => p.districts))).toHaveLength(1_900);
    for (const region of regions) {
      expect(region.candidates.length).toBeGreaterThanOrEqual(4);
      expect(region.candidates.length).toBeLessThanOrEqual(10);
      expect(new Set(region.candidates).size).toBe(region.candidates.length);
    }
  });

  it('writes one file per province whose rows cover every region, province and district', () => {
    const files = corpusFiles({ shape: 'peru', seed: 1, scale: 0.001, format: 'csv' });
    expect(files).toHaveLength(196);
    expect(files[0].columns).toEqual(['region', 'provincia', 'distrito', 'dni', 'candidato', 'esvalido']);
    expect(files.map((f) => f.name)).toEqual([...files.map((f) => f.name)].sort());
    const candidatesOf = new Map(peruGeography(1, 0.001).map((r) => [r.name, new Set(r.candidates)]));
    const regions = new Set<string>();
    const provinces = new Set<string>();
    const districts = new Set<string>();
    for (const file of files) {
      const fileProvinces = new Set<string>();
      let rows = 0;
      let odd = 0;
      for (const row of file.rows()) {
        rows++;
        const [region, province, district, dni, candidate, esvalido] = row.cells as [string, string, string, number, string, number];
        regions.add(region);
        provinces.add(province);
        fileProvinces.add(province);
        districts.add(district);
        if (!candidatesOf.get(region)!.has(candidate) || !/^\d{8}$/.test(String(dni)) || (esvalido !== 0 && esvalido !== 1)) odd++;
      }
      expect(odd).toBe(0);
      expect(rows).toBe(file.rowCount);
      expect(fileProvinces.size).toBe(1);
    }
    expect([regions.size, provinces.size, districts.size]).toEqual([25, 196, 1_900]);
  });

  it('has about 1.9M rows at scale 1, about half of them not valid', () => {
    const files = corpusFiles({ shape: 'peru', seed: 1 });
    const rows = files.reduce((n, f) => n + f.rowCount, 0);
    expect(rows).toBeGreaterThan(1_700_000);
    expect(rows).toBeLessThan(2_100_000);
    const sample = corpusFiles({ shape: 'peru', seed: 1, scale: 0.01 });
    let invalid = 0;
    let n = 0;
    for (const row of allRows(sample)) {
      n++;
      if (row.status === 'null') invalid++;
    }
    expect(invalid / n).toBeGreaterThan(0.47);
    expect(invalid / n).toBeLessThan(0.53);
  });

  it('repeats an earlier dni in 0.5-2% of rows', () => {
    for (const scale of [0.003, 0.05]) {
      const truth = computeTruth(corpusFiles({ shape: 'peru', seed: 3, scale }));
      const share = truth.duplicatesRejected / truth.rows;
      expect(share, `scale ${scale}`).toBeGreaterThan(0.005);
      expect(share, `scale ${scale}`).toBeLessThan(0.02);
    }
  });

  it('scales the rows per district and keeps at least one', () => {
    const rowsAt = (scale: number) => corpusFiles({ shape: 'peru', seed: 1, scale }).reduce((n, f) => n + f.rowCount, 0);
    expect(rowsAt(0.1) / rowsAt(1)).toBeCloseTo(0.1, 2);
    expect(rowsAt(0.000001)).toBe(1_900);
  });
});

describe('us shape', () => {
  it('cuts 55 files of 20,971 votes at scale 1', { timeout: 60_000 }, () => {
    const files = corpusFiles({ shape: 'us', seed: 1 });
    expect(files).toHaveLength(55);
    expect(files[0].columns).toEqual(['vote_id', 'state', 'candidate', 'age_group', 'timestamp', 'valid', 'status']);
    for (const file of files) {
      let rows = 0;
      for (const _ of file.rows()) rows++;
      expect(rows).toBe(US_FILE_ROWS);
      expect(file.rowCount).toBe(US_FILE_ROWS);
    }
  });

  it('draws candidates 6:5:4:3:2:1, states by population, ~1% blank and ~2% null', () => {
    const files = corpusFiles({ shape: 'us', seed: 2, scale: 0.2 });
    const byCandidate = new Map<string, number>();
    const byState = new Map<string, number>();
    const byStatus = { valid: 0, blank: 0, null: 0 };
    let n = 0;
    let inconsistent = 0;
    for (const row of allRows(files)) {
      n++;
      byStatus[row.status]++;
      byState.set(row.region, (byState.get(row.region) ?? 0) + 1);
      if (row.status === 'valid') byCandidate.set(row.candidate, (byCandidate.get(row.candidate) ?? 0) + 1);
      const [, , candidate, , , valid, status] = row.cells;
      if (status !== row.status || valid !== (row.status === 'valid') || (candidate === '') !== (row.status === 'blank')) inconsistent++;
    }
    expect(inconsistent).toBe(0);
    const first = byCandidate.get(US_CANDIDATES[0][0])!;
    for (const [name, weight] of US_CANDIDATES) expect(byCandidate.get(name)! / first).toBeCloseTo(weight / 6, 1);
    expect(byState.size).toBe(50);
    const population = US_STATES.reduce((sum, [, p]) => sum + p, 0);
    for (const [state, p] of US_STATES) {
      const expected = (n * p) / population;
      expect(Math.abs(byState.get(state)! - expected), state).toBeLessThan(5 * Math.sqrt(expected) + 5);
    }
    expect(byStatus.blank / n).toBeCloseTo(0.01, 2);
    expect(byStatus.null / n).toBeCloseTo(0.02, 2);
  });

  it('gives uuid-shaped vote ids, distinct per voter key and the same for the same seed', () => {
    const ids = new Set<string>();
    for (let key = 0; key < 50_000; key++) ids.add(voteId(9, key));
    expect(ids.size).toBe(50_000);
    expect(voteId(9, 123)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(voteId(9, 123)).toBe(voteId(9, 123));
    expect(voteId(9, 123)).not.toBe(voteId(10, 123));
  });

  it('refuses a bad spec', () => {
    expect(() => corpusFiles({ shape: 'us', seed: 1, scale: 0 })).toThrow(/scale/);
    expect(() => corpusFiles({ shape: 'us', seed: -1 })).toThrow(/seed/);
    expect(() => corpusFiles({ shape: 'peru', seed: 1, voterIds: 0 })).toThrow(/voterIds/);
  });
});
