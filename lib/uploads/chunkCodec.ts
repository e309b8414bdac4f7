import type { VoteStatus } from '../ingest/types';
import type { Chunk } from '../chunk';

/**
 * The staged form of a chunk: JSON whose repeated text (region, province, district, candidate, status: a few dozen
 * distinct values in thousands of rows) is written once in `dict` and referenced by index. A third of the plain
 * JSON's size, so cheaper to stringify, store, compress, read back and parse.
 */
interface EncodedChunk {
  v: 2;
  dict: string[];
  /** Row numbers as differences from the previous one (mostly 1). */
  row: number[];
  region: number[];
  province: number[];
  district: number[];
  candidate: number[];
  status: number[];
  votes: number[];
  voterId: (string | null)[];
  extra: (string | null)[];
}

export function encodeChunk(chunk: Chunk): string {
  const dict: string[] = [];
  const index = new Map<string, number>();
  const ref = (values: readonly string[]): number[] => {
    const out = new Array<number>(values.length);
    for (let i = 0; i < values.length; i++) {
      const s = values[i];
      let k = index.get(s);
      if (k === undefined) {
        k = dict.length;
        dict.push(s);
        index.set(s, k);
      }
      out[i] = k;
    }
    return out;
  };
  const row = new Array<number>(chunk.row.length);
  for (let i = 0, prev = 0; i < chunk.row.length; i++) {
    row[i] = chunk.row[i] - prev;
    prev = chunk.row[i];
  }
  const encoded: EncodedChunk = {
    v: 2,
    dict,
    row,
    region: ref(chunk.region),
    province: ref(chunk.province),
    district: ref(chunk.district),
    candidate: ref(chunk.candidate),
    status: ref(chunk.status),
    votes: chunk.votes,
    voterId: chunk.voterId,
    extra: chunk.extra,
  };
  return JSON.stringify(encoded);
}

/** Reads a staged payload; also the plain Chunk JSON that staging wrote before the dictionary form existed. */
export function decodeChunk(payload: string): Chunk {
  const parsed = JSON.parse(payload) as EncodedChunk | Chunk;
  if (!('v' in parsed)) return parsed;
  const { dict } = parsed;
  const text = (refs: readonly number[]): string[] => {
    const out = new Array<string>(refs.length);
    for (let i = 0; i < refs.length; i++) out[i] = dict[refs[i]];
    return out;
  };
  const row = new Array<number>(parsed.row.length);
  for (let i = 0, prev = 0; i < row.length; i++) row[i] = prev += parsed.row[i];
  return {
    row,
    region: text(parsed.region),
    province: text(parsed.province),
    district: text(parsed.district),
    candidate: text(parsed.candidate),
    status: text(parsed.status) as VoteStatus[],
    votes: parsed.votes,
    voterId: parsed.voterId,
    extra: parsed.extra,
  };
}
