// The rows of one chunk, column-wise: what parsing produces, staging stores and a worker counts. Pure (no queue,
// no database), so the parse threads load nothing else.
import type { VoteRow, VoteStatus } from './ingest/types';

/** Rows of one chunk, column-wise: the shape the worker hands to Postgres `unnest` without reshaping. */
export interface Chunk {
  row: number[];
  /** "" for the default contest. */
  contest: string[];
  /** "" for a row that is not part of a station tally. */
  station: string[];
  region: string[];
  province: string[];
  district: string[];
  candidate: string[];
  status: VoteStatus[];
  votes: number[];
  voterId: (string | null)[];
  /** JSON text of the extra attributes, or null. */
  extra: (string | null)[];
}

export function emptyChunk(): Chunk {
  return { row: [], contest: [], station: [], region: [], province: [], district: [], candidate: [], status: [], votes: [], voterId: [], extra: [] };
}

/** One row as staged: a VoteRow with its row number and its extra attributes as JSON text. */
export type ChunkRow = Omit<VoteRow, 'extra'> & { row: number; extra: string | null };

export function pushRow(chunk: Chunk, r: ChunkRow): void {
  pushFields(chunk, r.row, r, r.extra);
}

/** Appends a parsed vote without building an intermediate row object (the per-row hot path of staging). */
export function pushVote(chunk: Chunk, row: number, v: VoteRow): void {
  pushFields(chunk, row, v, v.extra ? JSON.stringify(v.extra) : null);
}

function pushFields(chunk: Chunk, row: number, v: Omit<VoteRow, 'extra'>, extra: string | null): void {
  chunk.row.push(row);
  chunk.contest.push(v.contest);
  chunk.station.push(v.station);
  chunk.region.push(v.region);
  chunk.province.push(v.province);
  chunk.district.push(v.district);
  chunk.candidate.push(v.candidate);
  chunk.status.push(v.status);
  chunk.votes.push(v.votes);
  chunk.voterId.push(v.voterId);
  chunk.extra.push(extra);
}
