import type { AreaCell, TallyCell } from '../events';
import type { VoteStatus } from '../ingest/types';

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
  votes: number;
}

/** One full tally key and its votes: [region, province, district, candidate, status, votes]. */
export type TallyEntry = [region: string, province: string, district: string, candidate: string, status: VoteStatus, votes: number];

const SEP = '\u0000';

/**
 * Votes summed per full tally key: the one place that turns rows into tally changes. Rows can be added (or taken
 * away, with negative votes) in any order; a parse thread sums a chunk's rows, a worker adjusts the sums for the few
 * rows that lose their voter id.
 */
export class TallySums {
  /** Per place (region, province, district), per candidate and status: the entry. */
  private readonly places = new Map<string, Map<string, TallyEntry>>();
  // Rows come in runs from the same district: the last place found is tried first.
  private lastRegion: string | undefined;
  private lastProvince: string | undefined;
  private lastDistrict: string | undefined;
  private lastPlace: Map<string, TallyEntry> | undefined;
  /** Total of every vote added. */
  votes = 0;

  static of(entries: readonly TallyEntry[]): TallySums {
    const s = new TallySums();
    for (const [region, province, district, candidate, status, votes] of entries) s.add(region, province, district, candidate, status, votes);
    return s;
  }

  add(region: string, province: string, district: string, candidate: string, status: VoteStatus, votes: number): void {
    this.votes += votes;
    let place = this.lastPlace;
    if (place === undefined || region !== this.lastRegion || province !== this.lastProvince || district !== this.lastDistrict) {
      const k = region + SEP + province + SEP + district;
      place = this.places.get(k);
      if (place === undefined) {
        place = new Map();
        this.places.set(k, place);
      }
      this.lastRegion = region;
      this.lastProvince = province;
      this.lastDistrict = district;
      this.lastPlace = place;
    }
    const k = candidate + SEP + status;
    const e = place.get(k);
    if (e) e[5] += votes;
    else place.set(k, [region, province, district, candidate, status, votes]);
  }

  private *all(): Iterable<TallyEntry> {
    for (const place of this.places.values()) yield* place.values();
  }

  /** Keys whose sum is not zero (the form a staged chunk keeps). */
  entries(): TallyEntry[] {
    return [...this.all()].filter((e) => e[5] !== 0);
  }

  /** The increments, keys sorted, and the region-level cells of the live feed. */
  aggregate(): ChunkAggregate {
    const increments: TallyIncrements = { region: [], province: [], district: [], candidate: [], status: [], votes: [] };
    const regional = new Map<string, TallyCell>();
    const keyed = [...this.all()].filter((e) => e[5] !== 0).map((e) => ({ k: e.slice(0, 5).join(SEP), e }));
    keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
    for (const { e } of keyed) {
      const [region, province, district, candidate, status, n] = e;
      increments.region.push(region);
      increments.province.push(province);
      increments.district.push(district);
      increments.candidate.push(candidate);
      increments.status.push(status);
      increments.votes.push(n);
      const shown = status === 'valid' ? candidate : '';
      const rk = region + SEP + shown + SEP + status;
      const cell = regional.get(rk);
      if (cell) cell[3] += n;
      else regional.set(rk, [region, shown, status, n]);
    }
    const cells = [...regional.values()].filter((c) => c[3] !== 0);
    return { increments, cells, votes: this.votes };
  }
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
