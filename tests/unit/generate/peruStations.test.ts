import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_FORMATS, CORPUS_SHAPES, corpusFiles, corpusStations, DEFAULT_FORMAT, type CorpusFile, type CorpusSpec } from '../../../lib/generate/corpus';
import { mesaId, PERU_STATION_CONTESTS, peruStationsPlan } from '../../../lib/generate/peruStations';
import { computeTruth, formatTruth, type Truth } from '../../../lib/generate/truth';
import { writeCorpus, type Manifest } from '../../../lib/generate/writeCorpus';
import { openVoteRows } from '../../../lib/ingest/readVoteRows';
import type { VoteStatus } from '../../../lib/ingest/types';

const root = mkdtempSync(path.join(tmpdir(), 'peru-stations-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const newDir = () => path.join(root, String(++dirs));

/** What the reference reads: a row as the product's reader gives it back. */
interface ReadRow {
  contest: string;
  station: string;
  region: string;
  province: string;
  district: string;
  candidate: string;
  status: VoteStatus;
  votes: number;
}

interface ReadFile {
  name: string;
  rows: ReadRow[];
}

async function readBack(dir: string, names: readonly string[]): Promise<ReadFile[]> {
  const files: ReadFile[] = [];
  for (const name of names) {
    const { rows } = await openVoteRows(path.join(dir, name));
    const read: ReadRow[] = [];
    for await (const { vote, error } of rows) {
      if (!vote) throw new Error(`${name}: ${error}`);
      const { contest, station, region, province, district, candidate, status, votes } = vote;
      read.push({ contest, station, region, province, district, candidate, status, votes });
    }
    files.push({ name, rows: read });
  }
  return files;
}

/** stations.csv as plain text: station → [region, province, district, registered]. */
function readStations(dir: string): Map<string, { region: string; province: string; district: string; registered: number }> {
  const [header, ...lines] = readFileSync(path.join(dir, 'stations.csv'), 'utf8').trimEnd().split('\r\n');
  expect(header).toBe('station,region,province,district,registered_voters');
  const stations = new Map<string, { region: string; province: string; district: string; registered: number }>();
  for (const line of lines) {
    const [station, region, province, district, registered] = line.split(',');
    expect(stations.has(station), `station ${station} listed twice`).toBe(false);
    stations.set(station, { region, province, district, registered: Number(registered) });
  }
  return stations;
}

/** The product's rules, the plain way: reports grouped per file, one Map of counted reports' rows, summed at the end. */
function referenceTruth(files: readonly ReadFile[], registered: ReadonlyMap<string, number>) {
  const counted = new Map<string, { total: number; rows: ReadRow[] }>();
  const contestsSeen = new Set<string>();
  let held = 0;
  let corrections = 0;
  let rows = 0;
  for (const file of files) {
    const reports = new Map<string, { total: number; rows: ReadRow[] }>();
    for (const row of file.rows) {
      rows++;
      const key = JSON.stringify([row.contest, row.station]);
      const report = reports.get(key) ?? { total: 0, rows: [] };
      report.total += row.votes;
      report.rows.push(row);
      reports.set(key, report);
    }
    for (const [key, report] of reports) {
      const [contest, station] = JSON.parse(key) as [string, string];
      contestsSeen.add(contest);
      const current = counted.get(key);
      if (report.total > registered.get(station)! || (current && report.total < current.total)) held++;
      else {
        if (current) corrections++;
        counted.set(key, report);
      }
    }
  }
  const sum = (cells: Map<string, number>, key: unknown[], votes: number) => {
    const k = JSON.stringify(key);
    cells.set(k, (cells.get(k) ?? 0) + votes);
  };
  const all = new Map<string, number>();
  const perContest = new Map<string, Map<string, number>>([...contestsSeen].map((c) => [c, new Map()]));
  for (const { rows: reportRows } of counted.values()) {
    for (const r of reportRows) {
      const key = [r.region, r.status === 'valid' ? r.candidate : '', r.status];
      sum(all, key, r.votes);
      sum(perContest.get(r.contest)!, key, r.votes);
    }
  }
  const asCells = (cells: Map<string, number>) =>
    [...cells]
      .filter(([, votes]) => votes > 0)
      .map(([key, votes]) => [...(JSON.parse(key) as string[]), votes])
      .sort((a, b) => (a.slice(0, 3).join('\u0000') < b.slice(0, 3).join('\u0000') ? -1 : 1));
  const totalsOf = (cells: Map<string, number>) => {
    const totals = { valid: 0, blank: 0, null: 0 };
    for (const [key, votes] of cells) totals[(JSON.parse(key) as string[])[2] as VoteStatus] += votes;
    return totals;
  };
  const reportedPerContest: Record<string, number> = {};
  for (const contest of [...contestsSeen].sort()) reportedPerContest[contest] = [...counted.keys()].filter((k) => JSON.parse(k)[0] === contest).length;
  const stationsSeen = new Set(files.flatMap((f) => f.rows.map((r) => r.station)));
  const totals = totalsOf(all);
  return {
    files: files.map((f) => f.name),
    rows,
    votesCounted: totals.valid + totals.blank + totals.null,
    duplicatesRejected: 0,
    totals,
    registeredVoters: [...stationsSeen].reduce((n, s) => n + registered.get(s)!, 0),
    stations: { total: stationsSeen.size, reportedPerContest, held, corrections },
    contests: Object.fromEntries([...perContest].sort(([a], [b]) => (a < b ? -1 : 1)).map(([c, cells]) => [c, { totals: totalsOf(cells), cells: asCells(cells) }])),
    cells: asCells(all),
  };
}

/** A corpus's generated rows as the reference reads them (no file written). */
function generatedFiles(files: readonly CorpusFile[]): ReadFile[] {
  return files.map((file) => ({
    name: file.name,
    rows: Array.from(file.rows(), (row) => {
      const [contest, station, region, province, district, candidate] = row.cells as string[];
      return { contest, station, region, province, district, candidate, status: row.status, votes: row.votes };
    }),
  }));
}

const spec = { shape: 'peru-stations', seed: 7, scale: 0.05, format: 'csv' } as const satisfies CorpusSpec;
const isCorrection = (name: string) => name.startsWith('zz-corrections-');

describe('peru-stations shape', () => {
  let dir: string;
  let manifest: Manifest;
  let truth: Truth;
  let files: ReadFile[];
  let stations: ReturnType<typeof readStations>;
  const plan = peruStationsPlan(spec.seed, spec.scale);

  beforeAll(async () => {
    dir = newDir();
    ({ manifest, truth } = await writeCorpus(spec, dir));
    files = await readBack(
      dir,
      manifest.files.map((f) => f.name),
    );
    stations = readStations(dir);
  }, 60_000);

  it('is a shape, csv by default, with its own columns', () => {
    expect(CORPUS_SHAPES).toContain('peru-stations');
    expect(DEFAULT_FORMAT['peru-stations']).toBe('csv');
    expect(corpusFiles({ shape: 'peru-stations', seed: 1, scale: 0.01 })[0].name).toBe('01-amazonas.csv');
    expect(corpusFiles(spec)[0].columns).toEqual(['eleccion', 'mesa', 'region', 'provincia', 'distrito', 'candidato', 'tipo_voto', 'votos']);
    expect(() => corpusFiles({ ...spec, voterIds: 10 })).toThrow(/voterIds/);
  });

  it('has ~86,000 mesas, ~3M rows and 3 contests of 8-12 national candidates at scale 1; at least one mesa per district', () => {
    const full = peruStationsPlan(1, 1);
    expect(full.mesaCount).toBeGreaterThan(84_000);
    expect(full.mesaCount).toBeLessThan(88_000);
    const rows = corpusFiles({ shape: 'peru-stations', seed: 1 }).reduce((n, f) => n + f.rowCount, 0);
    expect(rows).toBeGreaterThan(2_500_000);
    expect(rows).toBeLessThan(3_600_000);
    expect(full.contests.map((c) => c.name)).toEqual(PERU_STATION_CONTESTS.map((c) => c.name));
    const names = full.contests.flatMap((c) => c.candidates);
    expect(new Set(names).size).toBe(names.length);
    for (const c of full.contests) {
      expect(c.candidates.length).toBeGreaterThanOrEqual(8);
      expect(c.candidates.length).toBeLessThanOrEqual(12);
    }
    expect(full.corrections.length).toBeGreaterThan(200);
    expect(full.impossible.length).toBeGreaterThan(100);
    const tiny = peruStationsPlan(1, 0.000001);
    expect(tiny.districts).toHaveLength(1_900);
    expect(tiny.mesaCount).toBe(1_900);
    expect(peruStationsPlan(1, 2).mesaCount / full.mesaCount).toBeCloseTo(2, 1);
  });

  it('writes byte-identical files for the same seed, other files for another seed', async () => {
    const again = await writeCorpus(spec, newDir());
    expect(again.manifest).toEqual(manifest);
    expect(formatTruth(again.truth)).toBe(readFileSync(path.join(dir, 'truth.json'), 'utf8'));
    const other = await writeCorpus({ ...spec, seed: 8 }, newDir());
    expect(other.manifest.files.map((f) => f.sha256)).not.toEqual(manifest.files.map((f) => f.sha256));
    expect(other.manifest.stations!.sha256).not.toBe(manifest.stations!.sha256);
  });

  it('writes the files in upload order, the corrections sorting last, stations.csv, manifest and truth', () => {
    const names = manifest.files.map((f) => f.name);
    expect(names).toEqual([...names].sort());
    expect(names.slice(-2)).toEqual(['zz-corrections-1.csv', 'zz-corrections-2.csv']);
    expect(names.filter(isCorrection)).toHaveLength(2);
    expect(names.filter((n) => !isCorrection(n))).toHaveLength(25);
    expect(readdirSync(dir).sort()).toEqual([...names, 'manifest.json', 'stations.csv', 'truth.json'].sort());
    expect(JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'))).toEqual(manifest);
    expect(manifest.stations).toMatchObject({ name: 'stations.csv', rows: plan.mesaCount });
    expect(truth.files).toEqual(names);
    for (const [i, file] of files.entries()) expect(file.rows.length, file.name).toBe(manifest.files[i].rows);
  });

  it('lists every mesa in stations.csv with its place and registered voters', () => {
    expect(stations.size).toBe(plan.mesaCount);
    expect([...stations.keys()]).toEqual(Array.from({ length: plan.mesaCount }, (_, m) => mesaId(m)));
    for (const [station, s] of stations) {
      expect(station).toMatch(/^\d{6}$/);
      expect(s.registered).toBeGreaterThanOrEqual(200);
      expect(s.registered).toBeLessThanOrEqual(300);
    }
    let odd = 0;
    for (const file of files) {
      for (const r of file.rows) {
        const s = stations.get(r.station);
        if (!s || s.region !== r.region || s.province !== r.province || s.district !== r.district) odd++;
      }
    }
    expect(odd).toBe(0);
    expect(truth.registeredVoters).toBe([...stations.values()].reduce((n, s) => n + s.registered, 0));
  });

  it('has every mesa × contest exactly once in the original files: one row per candidate, a blank and a null row', () => {
    const seen = new Map<string, string>();
    const candidates = new Map(plan.contests.map((c) => [c.name, c.candidates]));
    for (const file of files.filter((f) => !isCorrection(f.name))) {
      const reports = new Map<string, ReadRow[]>();
      for (const r of file.rows) {
        const key = `${r.contest}|${r.station}`;
        reports.set(key, [...(reports.get(key) ?? []), r]);
      }
      for (const [key, rows] of reports) {
        expect(seen.get(key), `${key} in ${file.name}`).toBeUndefined();
        seen.set(key, file.name);
        const expected = [...candidates.get(rows[0].contest)!.map((c) => `${c}/valid`), '/blank', '/null'];
        expect(rows.map((r) => `${r.candidate}/${r.status}`)).toEqual(expected);
      }
    }
    expect(seen.size).toBe(plan.mesaCount * 3);
    expect(new Set([...seen.keys()].map((k) => k.split('|')[0]))).toEqual(new Set(['Presidencial', 'Congreso', 'Parlamento Andino']));
  });

  it('keeps every original tally within the registered voters (turnout 75-90%) except the impossible ones', () => {
    const impossible = new Set(plan.impossible.map((r) => `${plan.contests[r % 3].name}|${mesaId(Math.floor(r / 3))}`));
    expect(impossible.size).toBeGreaterThanOrEqual(2);
    const over = new Set<string>();
    let outsideTurnout = 0;
    for (const file of files.filter((f) => !isCorrection(f.name))) {
      const totals = new Map<string, number>();
      for (const r of file.rows) totals.set(`${r.contest}|${r.station}`, (totals.get(`${r.contest}|${r.station}`) ?? 0) + r.votes);
      for (const [key, total] of totals) {
        const registered = stations.get(key.split('|')[1])!.registered;
        if (total > registered) over.add(key);
        else if (total < 0.745 * registered || total > 0.905 * registered) outsideTurnout++;
      }
    }
    expect(over).toEqual(impossible);
    expect(outsideTurnout).toBe(0);
  });

  it('re-sends whole tallies of originals in the correction files only, within the registered voters', () => {
    const originals = new Set(files.filter((f) => !isCorrection(f.name)).flatMap((f) => f.rows.map((r) => `${r.contest}|${r.station}`)));
    const [first, second] = files.filter((f) => isCorrection(f.name));
    const keysOf = (f: ReadFile) => [...new Set(f.rows.map((r) => `${r.contest}|${r.station}`))];
    expect(keysOf(first)).toEqual(plan.corrections.map((c) => `${plan.contests[c.contest].name}|${mesaId(c.mesa)}`));
    expect(keysOf(second)).toEqual(plan.corrections.filter((c) => c.second).map((c) => `${plan.contests[c.contest].name}|${mesaId(c.mesa)}`));
    for (const key of [...keysOf(first), ...keysOf(second)]) expect(originals.has(key)).toBe(true);
    for (const f of [first, second]) {
      const totals = new Map<string, number>();
      for (const r of f.rows) totals.set(r.station, (totals.get(r.station) ?? 0) + r.votes);
      for (const [station, total] of totals) expect(total).toBeLessThanOrEqual(stations.get(station)!.registered);
    }
    expect(plan.corrections.length).toBeGreaterThanOrEqual(6);
    const reports = plan.mesaCount * 3;
    expect(plan.corrections.length / reports).toBeLessThan(0.003);
  });

  it('holds what the rules say: the impossible originals and every correction below the counted total', () => {
    const kinds = plan.corrections.flatMap((c) => [c.first, c.second ?? 'none']);
    for (const kind of ['up', 'same', 'down']) expect(kinds).toContain(kind);
    const down = kinds.filter((k) => k === 'down').length;
    const replacing = kinds.filter((k) => k === 'up' || k === 'same').length;
    expect(truth.stations).toEqual({
      total: plan.mesaCount,
      reportedPerContest: { Congreso: expect.any(Number), 'Parlamento Andino': expect.any(Number), Presidencial: expect.any(Number) },
      held: plan.impossible.length + down,
      corrections: replacing,
    });
    const reported = Object.values(truth.stations!.reportedPerContest).reduce((n, x) => n + x, 0);
    expect(reported).toBe(plan.mesaCount * 3 - plan.impossible.length);
  });

  it('equals a count of the rows read back from the files under the product rules', () => {
    const registered = new Map([...stations].map(([s, { registered: n }]) => [s, n]));
    const expected = referenceTruth(files, registered);
    expect(truth).toEqual(expected);
    expect(JSON.parse(readFileSync(path.join(dir, 'truth.json'), 'utf8'))).toEqual(expected);
    // Summed over contests at the top; per contest below.
    const sumContests = Object.values(truth.contests!).reduce((n, c) => n + c.totals.valid + c.totals.blank + c.totals.null, 0);
    expect(sumContests).toBe(truth.votesCounted);
    expect(truth.contests!.Presidencial.cells.every(([, candidate, status]) => (status === 'valid') === (candidate !== ''))).toBe(true);
  });

  it('counts any upload order by the same rules (reversed: the corrections come first)', () => {
    const corpus = corpusFiles(spec);
    const registered = new Map([...stations].map(([s, { registered: n }]) => [s, n]));
    const reversed = [...corpus].reverse();
    const truthReversed = computeTruth(reversed);
    expect(truthReversed).toEqual(referenceTruth(generatedFiles(reversed), registered));
    expect(truthReversed.cells).not.toEqual(truth.cells);
  });

  it('counts a single file by the same rules: a correction then merges with its original into one report', () => {
    const single = corpusFiles({ ...spec, single: true });
    expect(single).toHaveLength(1);
    const registered = new Map([...stations].map(([s, { registered: n }]) => [s, n]));
    const t = computeTruth(single);
    expect(t).toEqual(referenceTruth(generatedFiles(single), registered));
    expect(t.stations!.corrections).toBe(0);
  });

  it('has no stations list for the other shapes', () => {
    expect(corpusStations({ shape: 'peru', seed: 1 })).toBeNull();
    expect(corpusStations({ shape: 'us', seed: 1 })).toBeNull();
  });
});

describe('peru-stations in every format', () => {
  for (const format of CORPUS_FORMATS) {
    it(`${format}: the region files and corrections read back with the product's reader as generated`, { timeout: 60_000 }, async () => {
      const small = { shape: 'peru-stations', seed: 3, scale: 0.000001, format } as const;
      const dir = newDir();
      const { manifest } = await writeCorpus(small, dir);
      const corpus = corpusFiles(small);
      expect(manifest.files.map((f) => f.name)).toEqual(corpus.map((f) => f.name));
      // The smallest region, the largest and the corrections: enough to check the writer, quick in xlsx too.
      const byRows = corpus.filter((f) => !isCorrection(f.name)).sort((a, b) => a.rowCount - b.rowCount);
      const picked = [byRows[0], byRows[byRows.length - 1], ...corpus.filter((f) => isCorrection(f.name))];
      const read = await readBack(
        dir,
        picked.map((f) => f.name),
      );
      expect(read).toEqual(generatedFiles(picked));
      const opened = await openVoteRows(path.join(dir, picked[0].name));
      expect(opened.format).toBe(format);
      await opened.rows.return();
      expect(readStations(dir).size).toBe(1_900);
    });
  }
});
