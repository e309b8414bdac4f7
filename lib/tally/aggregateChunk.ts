import type { ContestAreaCell, ContestCell } from '../events';
import type { VoteStatus } from '../ingest/types';

/** Tally increments of one chunk, column-wise, one entry per key, keys sorted (so concurrent upserts lock rows in
 * the same order and cannot deadlock). */
export interface TallyIncrements {
  contest: string[];
  region: string[];
  province: string[];
  district: string[];
  candidate: string[];
  status: VoteStatus[];
  votes: number[];
}

export interface ChunkAggregate {
  increments: TallyIncrements;
  /** Region-level change per contest for the live feed: blank and null votes under candidate "". */
  cells: ContestCell[];
  votes: number;
}

/** One full tally key and its votes: [contest, region, province, district, candidate, status, votes]. */
export type TallyEntry = [contest: string, region: string, province: string, district: string, candidate: string, status: VoteStatus, votes: number];

const SEP = '\u0000';

/**
 * Votes summed per full tally key: the one place that turns rows into tally changes. Rows can be added (or taken
 * away, with negative votes) in any order; a parse thread sums a chunk's rows, a worker adjusts the sums for the few
 * rows that lose their voter id.
 */
export class TallySums {
  /** Per place (contest, region, province, district), per candidate and status: the entry. */
  private readonly places = new Map<string, Map<string, TallyEntry>>();
  // Rows come in runs from the same district: the last place found is tried first.
  private lastContest: string | undefined;
  private lastRegion: string | undefined;
  private lastProvince: string | undefined;
  private lastDistrict: string | undefined;
  private lastPlace: Map<string, TallyEntry> | undefined;
  /** Total of every vote added. */
  votes = 0;

  static of(entries: readonly TallyEntry[]): TallySums {
    const s = new TallySums();
    for (const e of entries) {
      // Chunks staged before contests (six elements) are of the default contest.
      if ((e as unknown[]).length === 6) {
        const [region, province, district, candidate, status, votes] = e as unknown as [string, string, string, string, VoteStatus, number];
        s.add('', region, province, district, candidate, status, votes);
      } else s.add(e[0], e[1], e[2], e[3], e[4], e[5], e[6]);
    }
    return s;
  }

  /** Adds a row (or a sum of rows) of a tally key; station rows never come here (countStations counts them). */
  add(contest: string, region: string, province: string, district: string, candidate: string, status: VoteStatus, votes: number): void {
    this.votes += votes;
    let place = this.lastPlace;
    if (place === undefined || region !== this.lastRegion || province !== this.lastProvince || district !== this.lastDistrict || contest !== this.lastContest) {
      const k = contest + SEP + region + SEP + province + SEP + district;
      place = this.places.get(k);
      if (place === undefined) {
        place = new Map();
        this.places.set(k, place);
      }
      this.lastContest = contest;
      this.lastRegion = region;
      this.lastProvince = province;
      this.lastDistrict = district;
      this.lastPlace = place;
    }
    const k = candidate + SEP + status;
    const e = place.get(k);
    if (e) e[6] += votes;
    else place.set(k, [contest, region, province, district, candidate, status, votes]);
  }

  private *all(): Iterable<TallyEntry> {
    for (const place of this.places.values()) yield* place.values();
  }

  /** Keys whose sum is not zero (the form a staged chunk keeps). */
  entries(): TallyEntry[] {
    return [...this.all()].filter((e) => e[6] !== 0);
  }

  /** The increments, keys sorted, and the region-level cells of the live feed. */
  aggregate(): ChunkAggregate {
    const increments: TallyIncrements = { contest: [], region: [], province: [], district: [], candidate: [], status: [], votes: [] };
    const regional = new Map<string, ContestCell>();
    const keyed = [...this.all()].filter((e) => e[6] !== 0).map((e) => ({ k: e.slice(0, 6).join(SEP), e }));
    keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
    for (const { e } of keyed) {
      const [contest, region, province, district, candidate, status, n] = e;
      increments.contest.push(contest);
      increments.region.push(region);
      increments.province.push(province);
      increments.district.push(district);
      increments.candidate.push(candidate);
      increments.status.push(status);
      increments.votes.push(n);
      const shown = status === 'valid' ? candidate : '';
      const rk = contest + SEP + region + SEP + shown + SEP + status;
      const cell = regional.get(rk);
      if (cell) cell[4] += n;
      else regional.set(rk, [contest, region, shown, status, n]);
    }
    const cells = [...regional.values()].filter((c) => c[4] !== 0);
    return { increments, cells, votes: this.votes };
  }
}

/** District-level cells of a change, blank and null votes under candidate "" (as the live feed shows them). */
export function areaCellsOf(inc: TallyIncrements): ContestAreaCell[] {
  const merged = new Map<string, ContestAreaCell>();
  for (let i = 0; i < inc.region.length; i++) {
    const status = inc.status[i];
    const candidate = status === 'valid' ? inc.candidate[i] : '';
    const k = inc.contest[i] + SEP + inc.region[i] + SEP + inc.province[i] + SEP + inc.district[i] + SEP + candidate + SEP + status;
    const prev = merged.get(k);
    if (prev) prev[6] += inc.votes[i];
    else merged.set(k, [inc.contest[i], inc.region[i], inc.province[i], inc.district[i], candidate, status, inc.votes[i]]);
  }
  return [...merged.values()].filter((c) => c[6] !== 0);
}
