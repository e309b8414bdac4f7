import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { openVoteRows } from '../../../lib/ingest/readVoteRows';
import { CORPUS_FORMATS, corpusFiles, type CorpusSpec } from '../../../lib/generate/corpus';
import { computeTruth, formatTruth } from '../../../lib/generate/truth';
import { writeCorpus, type Manifest } from '../../../lib/generate/writeCorpus';
import { writeRows } from '../../../lib/generate/writeRows';

const root = mkdtempSync(path.join(tmpdir(), 'generate-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => vi.useRealTimers());

let dirs = 0;
const newDir = () => path.join(root, String(++dirs));

// Peru as one file (196 tiny files per format would only add open/close time); the US corpus has two files.
const tiny: Record<'peru' | 'us', Omit<CorpusSpec, 'format'>> = {
  peru: { shape: 'peru', seed: 1, scale: 0.001, single: true },
  us: { shape: 'us', seed: 1, scale: 0.04 },
};

describe('writeCorpus', () => {
  for (const format of CORPUS_FORMATS) {
    it(`${format}: the same seed gives byte-identical files, even written at another time; another seed does not`, { timeout: 30_000 }, async () => {
      for (const spec of Object.values(tiny)) {
        // fflate stamps zip entries with the clock: write the two copies at different times.
        vi.useFakeTimers({ toFake: ['Date'], now: new Date(2001, 0, 1, 10, 0, 0) });
        const first = newDir();
        const a = await writeCorpus({ ...spec, format }, first);
        vi.setSystemTime(new Date(2011, 5, 15, 17, 42, 13));
        const b = await writeCorpus({ ...spec, format }, newDir());
        vi.useRealTimers();
        const c = await writeCorpus({ ...spec, format, seed: 2 }, newDir());

        expect(b.manifest).toEqual(a.manifest);
        expect(c.manifest.files.map((f) => f.sha256)).not.toEqual(a.manifest.files.map((f) => f.sha256));
        const manifest = JSON.parse(readFileSync(path.join(first, 'manifest.json'), 'utf8')) as Manifest;
        expect(manifest).toEqual(a.manifest);
        expect(readdirSync(first).sort()).toEqual([...manifest.files.map((f) => f.name), 'manifest.json', 'truth.json'].sort());
        expect(readFileSync(path.join(first, 'truth.json'), 'utf8')).toBe(formatTruth(computeTruth(corpusFiles({ ...spec, format }))));
      }
    });

    it(`${format}: every file reads back with the product's reader as the rows the truth counts`, { timeout: 30_000 }, async () => {
      for (const spec of Object.values(tiny)) {
        const dir = newDir();
        const files = corpusFiles({ ...spec, format });
        const { manifest } = await writeCorpus({ ...spec, format }, dir);
        for (const [i, file] of files.entries()) {
          const opened = await openVoteRows(path.join(dir, file.name));
          expect(opened.format).toBe(format);
          expect(opened.header).toEqual(file.columns);
          const read: unknown[] = [];
          for await (const { vote, error } of opened.rows) {
            read.push(vote ? [vote.region, vote.status, vote.status === 'valid' ? vote.candidate : '', vote.voterId, vote.votes] : error);
          }
          const idColumn = file.columns.indexOf(spec.shape === 'peru' ? 'dni' : 'vote_id');
          const generated = Array.from(file.rows(), (row) => [row.region, row.status, row.candidate, String(row.cells[idColumn]), row.votes]);
          expect(read).toEqual(generated);
          expect(manifest.files[i]).toMatchObject({ name: file.name, rows: read.length });
        }
      }
    });
  }

  it('writes one file per province for peru, named in upload order, with the manifest and the truth', async () => {
    const dir = newDir();
    const spec = { shape: 'peru', seed: 4, scale: 0.001, format: 'csv' } as const;
    const { manifest, truth } = await writeCorpus(spec, dir);
    expect(manifest.files).toHaveLength(196);
    expect(manifest.files[0].name).toBe('001-amazonas-1.csv');
    expect(readdirSync(dir)).toHaveLength(198);
    expect(truth).toEqual(computeTruth(corpusFiles(spec)));
    expect((await writeCorpus(spec, newDir())).manifest).toEqual(manifest);
  });

  it('writes all rows as one file with --single', async () => {
    const dir = newDir();
    const { manifest } = await writeCorpus({ ...tiny.us, format: 'csv', single: true }, dir);
    expect(manifest.files.map((f) => f.name)).toEqual(['us.csv']);
    expect(manifest.files[0].rows).toBe(corpusFiles(tiny.us).reduce((n, f) => n + f.rowCount, 0));
  });
});

describe('writeRows', () => {
  it('quotes csv cells per RFC 4180 only where needed and escapes json strings', async () => {
    const columns = ['region', 'candidate', 'valid'];
    const rows = [
      ['Lima', 'Pérez, Ana', true],
      ['Cusco', 'Ana "La Jefa"\nQuispe', false],
      ['Puno', 'Luis', 1],
    ];
    const csv = path.join(root, 'quoting.csv');
    await writeRows(csv, 'csv', columns, rows);
    expect(readFileSync(csv, 'utf8')).toBe(
      'region,candidate,valid\r\nLima,"Pérez, Ana",true\r\nCusco,"Ana ""La Jefa""\nQuispe",false\r\nPuno,Luis,1\r\n',
    );
    const json = path.join(root, 'quoting.json');
    await writeRows(json, 'json', columns, rows);
    expect(JSON.parse(readFileSync(json, 'utf8'))).toEqual(rows.map(([region, candidate, valid]) => ({ region, candidate, valid })));
    const ndjson = path.join(root, 'quoting.ndjson');
    await writeRows(ndjson, 'ndjson', columns, rows);
    expect(readFileSync(ndjson, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line))).toEqual(JSON.parse(readFileSync(json, 'utf8')));
  });
});
