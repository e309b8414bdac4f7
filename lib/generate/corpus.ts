// Synthetic vote corpora: deterministic from a seed, described as files whose rows are generated on demand.
import type { VoteStatus } from '../ingest/types';
import { peruFiles } from './peru';
import { peruStationsFiles, peruStationsList } from './peruStations';
import { usFiles } from './us';

export type CorpusShape = 'peru' | 'us' | 'peru-stations';
export type CorpusFormat = 'xlsx' | 'csv' | 'json' | 'ndjson';

export const CORPUS_SHAPES: readonly CorpusShape[] = ['peru', 'us', 'peru-stations'];
export const CORPUS_FORMATS: readonly CorpusFormat[] = ['xlsx', 'csv', 'json', 'ndjson'];
export const DEFAULT_FORMAT: Readonly<Record<CorpusShape, CorpusFormat>> = { peru: 'xlsx', us: 'json', 'peru-stations': 'csv' };

// Voter keys stay below 2^32 (peru adds the 10^7 dni offset): the truth keeps one bit per possible key.
const MAX_VOTER_IDS = 4_000_000_000;

export interface CorpusSpec {
  shape: CorpusShape;
  /** Same seed, same spec ⇒ the same rows (and byte-identical files). Integer 0..2^32-1. */
  seed: number;
  /** Multiplies the row counts (peru: rows per district, at least 1; us: total rows; peru-stations: mesas, at least
   * one per district). Default 1. */
  scale?: number;
  /** Decides only the file names' extension here; the writer decides the bytes. Default DEFAULT_FORMAT[shape]. */
  format?: CorpusFormat;
  /** All rows as one file, in the order the separate files would give them. For peru-stations that merges a
   * corrected report with its original (a report is a contest + station's rows in one file): the truth counts it so. */
  single?: boolean;
  /**
   * Draw voter ids from this many distinct ids, to force repeats. Default: peru sized so that ≈1% of rows repeat
   * an earlier dni; us unique vote ids. Not for peru-stations (station tallies carry no voter id).
   */
  voterIds?: number;
}

/** A cell as written: strings, numbers and booleans keep their type in xlsx and json. */
export type Cell = string | number | boolean;

/** One generated vote: what it counts as, and its cells as written. */
export interface CorpusRow {
  region: string;
  /** The candidate a valid vote counts for; "" for blank and null votes (the truth counts those per region). */
  candidate: string;
  status: VoteStatus;
  votes: number;
  /** An integer standing for the row's voter id: equal keys ⇔ equal ids (-1: no voter id). Lets the truth remember
   * 2M ids in a bitset instead of a Set of strings. */
  voterKey: number;
  /** One value per column of the file. */
  cells: readonly Cell[];
  /** The contest (race) the row counts in; absent or "" for the default contest. */
  contest?: string;
  /** A station tally row (peru-stations): the polling station whose report of `contest` it is part of. Absent or ""
   * for a ballot row. The truth counts station rows by report (see TruthCounter), not by voter id. */
  station?: string;
  /** The station's registered voters (as its stations.csv line says): a report with more votes is held. */
  registered?: number;
}

export interface CorpusFile {
  /** File name with the format's extension; the default upload order is by name. */
  name: string;
  rowCount: number;
  columns: readonly string[];
  /** The rows in file order, generated afresh on every call (nothing is kept). */
  rows(): Generator<CorpusRow>;
}

/** The files of a corpus in their default upload order (by name). Cheap: rows are generated only when iterated. */
export function corpusFiles(spec: CorpusSpec): CorpusFile[] {
  const scale = spec.scale ?? 1;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`scale must be a positive number, got ${scale}`);
  if (!Number.isInteger(spec.seed) || spec.seed < 0 || spec.seed > 0xffffffff) {
    throw new RangeError(`seed must be an integer 0..4294967295, got ${spec.seed}`);
  }
  if (spec.voterIds !== undefined && !(Number.isInteger(spec.voterIds) && spec.voterIds >= 1 && spec.voterIds <= MAX_VOTER_IDS)) {
    throw new RangeError(`voterIds must be an integer 1..${MAX_VOTER_IDS}, got ${spec.voterIds}`);
  }
  if (spec.shape === 'peru-stations' && spec.voterIds !== undefined) throw new RangeError('voterIds does not apply to peru-stations: its rows carry no voter id');
  const extension = spec.format ?? DEFAULT_FORMAT[spec.shape];
  const files =
    spec.shape === 'peru'
      ? peruFiles(spec.seed, scale, extension, spec.voterIds)
      : spec.shape === 'us'
        ? usFiles(spec.seed, scale, extension, spec.voterIds)
        : peruStationsFiles(spec.seed, scale, extension);
  files.sort((a, b) => compareText(a.name, b.name));
  return spec.single ? [concatFiles(`${spec.shape}.${extension}`, files)] : files;
}

/** A corpus's list of polling stations (written as stations.csv beside the files, not uploaded with them): one
 * line per station with its place and registered voters. null for shapes without stations. */
export interface StationList {
  name: string;
  columns: readonly string[];
  rowCount: number;
  rows(): Generator<readonly Cell[]>;
}

export function corpusStations(spec: Pick<CorpusSpec, 'shape' | 'seed' | 'scale'>): StationList | null {
  return spec.shape === 'peru-stations' ? peruStationsList(spec.seed, spec.scale ?? 1) : null;
}

function concatFiles(name: string, files: readonly CorpusFile[]): CorpusFile {
  return {
    name,
    rowCount: files.reduce((n, f) => n + f.rowCount, 0),
    columns: files[0].columns,
    *rows() {
      for (const file of files) yield* file.rows();
    },
  };
}

/** Code-unit order: the same on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
