import type { VoteStatus } from '../ingest/types';
import type { Chunk } from '../chunk';
import { prepareChunk, type PreparedChunk } from '../tally/prepareChunk';

/**
 * The staged form of a chunk: its PreparedChunk as one line of JSON, then the COPY text as it is (JSON would escape
 * every tab and newline in it, which doubled the cost of staging). Parse threads write it; a worker reads it and
 * sends its parts to Postgres as they are.
 */
export function encodeChunk(chunk: Chunk, uploadId: string): Buffer {
  const { copy, ...head } = prepareChunk(chunk, uploadId);
  return Buffer.from(`${JSON.stringify(head)}\n${copy}`);
}

/** The dictionary form staged before PreparedChunk (session 3). */
interface DictionaryChunk {
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

/** Reads a staged payload; chunks staged by an earlier version (dictionary or plain Chunk JSON) are prepared here. */
export function decodeChunk(payload: Buffer, uploadId: string): PreparedChunk {
  // JSON.stringify never writes a raw newline: only the current form has one.
  const headEnd = payload.indexOf(0x0a);
  if (headEnd >= 0) {
    const head = JSON.parse(payload.toString('utf8', 0, headEnd)) as Omit<PreparedChunk, 'copy'>;
    return { ...head, copy: payload.subarray(headEnd + 1) };
  }
  const parsed = JSON.parse(payload.toString('utf8')) as DictionaryChunk | Chunk;
  // Both older forms predate contests and stations: their rows are of the default contest, none a station's.
  const none = (n: number) => new Array<string>(n).fill('');
  if (!('v' in parsed)) return prepareChunk({ ...parsed, contest: parsed.contest ?? none(parsed.row.length), station: parsed.station ?? none(parsed.row.length) }, uploadId);
  const { dict } = parsed;
  const text = (refs: readonly number[]): string[] => {
    const out = new Array<string>(refs.length);
    for (let i = 0; i < refs.length; i++) out[i] = dict[refs[i]];
    return out;
  };
  const row = new Array<number>(parsed.row.length);
  for (let i = 0, prev = 0; i < row.length; i++) row[i] = prev += parsed.row[i];
  return prepareChunk({
    row,
    contest: none(row.length),
    station: none(row.length),
    region: text(parsed.region),
    province: text(parsed.province),
    district: text(parsed.district),
    candidate: text(parsed.candidate),
    status: text(parsed.status) as VoteStatus[],
    votes: parsed.votes,
    voterId: parsed.voterId,
    extra: parsed.extra,
  }, uploadId);
}
