import type { AreaCell, TallyCell } from '../events';
import type { VoteStatus } from '../ingest/types';
import type { Chunk } from '../chunk';

/** Tally increments of one chunk, column-wise, one entry per key, keys sorted (so concurrent upserts lock rows in
 * the same order and cannot deadlock). */
export interface TallyIncrements {
  region: string[];
  province: string[];
  district: string[];
  candidate: string[];
  status: VoteStatus[];
  votes: number[];
}

export interface ChunkAggregate {
  increments: TallyIncrements;
  /** Region-level change for the live feed: blank and null votes under candidate "". */
  cells: TallyCell[];
  rows: number;
  votes: number;
}

const SEP = '\u0000';

/** Sums a chunk per tally key. Pure: the one place that turns rows into tally changes. */
export function aggregateChunk(chunk: Chunk, sign: 1 | -1 = 1): ChunkAggregate {
  const full = new Map<string, number>();
  const regional = new Map<string, number>();
  let votes = 0;
  for (let i = 0; i < chunk.row.length; i++) {
    const n = chunk.votes[i] * sign;
    votes += n;
    const status = chunk.status[i];
    const candidate = chunk.candidate[i];
    const k = chunk.region[i] + SEP + chunk.province[i] + SEP + chunk.district[i] + SEP + candidate + SEP + status;
    full.set(k, (full.get(k) ?? 0) + n);
    const rk = chunk.region[i] + SEP + (status === 'valid' ? candidate : '') + SEP + status;
    regional.set(rk, (regional.get(rk) ?? 0) + n);
  }
  const increments: TallyIncrements = { region: [], province: [], district: [], candidate: [], status: [], votes: [] };
  for (const k of [...full.keys()].sort()) {
    const n = full.get(k)!;
    if (n === 0) continue;
    const [region, province, district, candidate, status] = k.split(SEP);
    increments.region.push(region);
    increments.province.push(province);
    increments.district.push(district);
    increments.candidate.push(candidate);
    increments.status.push(status as VoteStatus);
    increments.votes.push(n);
  }
  const cells: TallyCell[] = [];
  for (const [k, n] of regional) {
    if (n === 0) continue;
    const [region, candidate, status] = k.split(SEP);
    cells.push([region, candidate, status as VoteStatus, n]);
  }
  return { increments, cells, rows: chunk.row.length, votes };
}

/** District-level cells of a change, blank and null votes under candidate "" (as the live feed shows them). */
export function areaCellsOf(inc: TallyIncrements): AreaCell[] {
  const merged = new Map<string, AreaCell>();
  for (let i = 0; i < inc.region.length; i++) {
    const status = inc.status[i];
    const candidate = status === 'valid' ? inc.candidate[i] : '';
    const k = inc.region[i] + SEP + inc.province[i] + SEP + inc.district[i] + SEP + candidate + SEP + status;
    const prev = merged.get(k);
    if (prev) prev[5] += inc.votes[i];
    else merged.set(k, [inc.region[i], inc.province[i], inc.district[i], candidate, status, inc.votes[i]]);
  }
  return [...merged.values()].filter((c) => c[5] !== 0);
}
