// The benchmark's corpora: generator specs, written once into the out dir and reused while the spec is unchanged.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { corpusFiles, PERU_STATION_CONTESTS, writeCorpus, type CorpusFile, type CorpusSpec, type Manifest } from '../../lib/generate';
import type { CorpusName } from './options';

export interface PreparedCorpus {
  name: CorpusName;
  spec: CorpusSpec;
  dir: string;
  manifest: Manifest;
  /** By file name: regenerates rows on demand (for the truth in the server's order). */
  files: Map<string, CorpusFile>;
  /** Seconds spent generating (0 when reused). */
  generatedSeconds: number;
  /** The contest the push watcher follows: "" unless every row names one (peru-stations: the first). */
  watchedContest: string;
}

export function corpusSpec(name: CorpusName, seed: number, scale: number): CorpusSpec {
  switch (name) {
    case 'peru-xlsx':
      return { shape: 'peru', format: 'xlsx', seed, scale };
    // The "same rows as one csv": every province's rows in one file, in file-name order.
    case 'peru-csv':
      return { shape: 'peru', format: 'csv', seed, scale, single: true };
    case 'us-json':
      return { shape: 'us', format: 'json', seed, scale };
    // Station tallies of 3 contests per mesa (~86,000 mesas at scale 1) with corrections and held reports; its
    // stations.csv is loaded before the upload.
    case 'peru-stations':
      return { shape: 'peru-stations', format: 'csv', seed, scale };
  }
}

export async function prepareCorpus(name: CorpusName, seed: number, scale: number, outDir: string): Promise<PreparedCorpus> {
  const spec = corpusSpec(name, seed, scale);
  const dir = path.join(outDir, `${name}-seed${seed}-scale${scale}`);
  const files = new Map(corpusFiles(spec).map((f) => [f.name, f]));
  let manifest = await reusableManifest(spec, dir);
  let generatedSeconds = 0;
  if (!manifest) {
    const started = performance.now();
    process.stderr.write(`bench: generating ${name} at scale ${scale} into ${dir} …\n`);
    manifest = (await writeCorpus(spec, dir)).manifest;
    generatedSeconds = (performance.now() - started) / 1000;
  }
  const watchedContest = spec.shape === 'peru-stations' ? PERU_STATION_CONTESTS[0].name : '';
  return { name, spec, dir, manifest, files, generatedSeconds, watchedContest };
}

/** The manifest already in `dir` when it was written for this very spec and every file is still there. */
async function reusableManifest(spec: CorpusSpec, dir: string): Promise<Manifest | null> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    return null;
  }
  const same =
    manifest.shape === spec.shape &&
    manifest.format === spec.format &&
    manifest.seed === spec.seed &&
    manifest.scale === (spec.scale ?? 1) &&
    manifest.single === (spec.single ?? false) &&
    manifest.voterIds === (spec.voterIds ?? null);
  if (!same) return null;
  for (const f of manifest.files) {
    if (!(await stat(path.join(dir, f.name)).catch(() => null))) return null;
  }
  return manifest;
}
