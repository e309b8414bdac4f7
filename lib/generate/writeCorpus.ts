// Writes a corpus into a directory: its files, manifest.json and truth.json (for the default upload order), and
// for a corpus of polling stations their list, stations.csv (to load into the product first; not an upload file).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { corpusFiles, corpusStations, DEFAULT_FORMAT, type Cell, type CorpusFile, type CorpusFormat, type CorpusShape, type CorpusSpec } from './corpus';
import { formatTruth, TruthCounter, type Truth } from './truth';
import { writeRows } from './writeRows';

export interface Manifest {
  shape: CorpusShape;
  format: CorpusFormat;
  seed: number;
  scale: number;
  single: boolean;
  voterIds: number | null;
  rows: number;
  /** In the default upload order (by name), the order truth.json counts them in. */
  files: { name: string; rows: number; sha256: string }[];
  /** Station corpora only: the list of stations (csv, whatever the format), one row per station. */
  stations?: { name: string; rows: number; sha256: string };
}

/** Generates the corpus into `outDir` (created if missing; files of the same names are replaced). One pass: the
 * truth is counted while the files are written. */
export async function writeCorpus(spec: CorpusSpec, outDir: string): Promise<{ manifest: Manifest; truth: Truth }> {
  const format = spec.format ?? DEFAULT_FORMAT[spec.shape];
  const files = corpusFiles({ ...spec, format });
  await mkdir(outDir, { recursive: true });
  const counter = new TruthCounter();
  const written: Manifest['files'] = [];
  for (const file of files) {
    const filePath = path.join(outDir, file.name);
    counter.startFile(file.name);
    // Peru's strings repeat (25 regions, 1,900 districts; a region's mesa ids are some thousands), so a
    // shared-strings table stays small; US ids do not.
    await writeRows(filePath, format, file.columns, countedCells(file, counter), { sharedStrings: spec.shape !== 'us', sheetName: spec.shape });
    written.push({ name: file.name, rows: file.rowCount, sha256: await sha256File(filePath) });
  }
  const manifest: Manifest = {
    shape: spec.shape,
    format,
    seed: spec.seed,
    scale: spec.scale ?? 1,
    single: spec.single ?? false,
    voterIds: spec.voterIds ?? null,
    rows: written.reduce((n, f) => n + f.rows, 0),
    files: written,
  };
  const stations = corpusStations(spec);
  if (stations) {
    const filePath = path.join(outDir, stations.name);
    await writeRows(filePath, 'csv', stations.columns, stations.rows());
    manifest.stations = { name: stations.name, rows: stations.rowCount, sha256: await sha256File(filePath) };
  }
  const truth = counter.result();
  await writeFile(path.join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(path.join(outDir, 'truth.json'), formatTruth(truth));
  return { manifest, truth };
}

function* countedCells(file: CorpusFile, counter: TruthCounter): Generator<readonly Cell[]> {
  for (const row of file.rows()) {
    counter.add(row);
    yield row.cells;
  }
}

async function sha256File(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(filePath)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
