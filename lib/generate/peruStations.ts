// The Peruvian polling-station shape ("mesas"): about 86,000 mesas over peru's geography (the same regions,
// provinces and districts), each reporting its tally (acta) for three national contests: one row per candidate,
// then a blank and a null row, no voter id. One file per region (split by provinces past MAX_FILE_ROWS), then
// files named to sort last that re-send a few tallies (corrections), and a list of every mesa (stations.csv).
//
// What the product must do with them (lib/generate/truth.ts counts it): a station report is all rows of one
// contest + mesa in one file; a report whose total exceeds the mesa's registered voters is held; a later report
// whose total is lower than the counted one's is held; any other later report replaces the counted one.
import type { Cell, CorpusFile, CorpusRow } from './corpus';
import { FIRST_NAMES, LAST_NAMES, peruGeography, slug } from './peru';
import { Random } from './random';

/** The contests every mesa reports, with the mean share of blank and null ballots in each. */
export const PERU_STATION_CONTESTS: readonly { name: string; blank: number; null: number }[] = [
  { name: 'Presidencial', blank: 0.03, null: 0.06 },
  { name: 'Congreso', blank: 0.1, null: 0.12 },
  { name: 'Parlamento Andino', blank: 0.15, null: 0.15 },
];

export const PERU_STATIONS_COLUMNS = ['eleccion', 'mesa', 'region', 'provincia', 'distrito', 'candidato', 'tipo_voto', 'votos'] as const;

/** The list of mesas written next to the upload files (not one of them). */
export const STATIONS_LIST_NAME = 'stations.csv';
export const STATIONS_LIST_COLUMNS = ['station', 'region', 'province', 'district', 'registered_voters'] as const;

/** tipo_voto per row kind, as validateRow reads them (valido → valid, blanco → blank, nulo → null). */
const STATUS_CELLS = { valid: 'valido', blank: 'blanco', null: 'nulo' } as const;

const MESAS = 86_000;
const REGISTERED = [200, 300] as const;
const TURNOUT = [0.75, 0.9] as const;
const CANDIDATES_PER_CONTEST = [8, 12] as const;
/** Impossible reports cast this many ballots more than the mesa has voters. */
const EXCESS = [1, 25] as const;
/** A correction moves a tally by this many votes at most. */
const MAX_CORRECTION = 12;
const CORRECTION_SHARE = 0.001;
const IMPOSSIBLE_SHARE = 0.0005;
/** Share of corrected reports corrected once more, in the second corrections file. */
const SECOND_SHARE = 0.15;
const MIN_CORRECTIONS = 6;
const MIN_IMPOSSIBLE = 2;
const MIN_SECOND = 3;
/** A region whose rows pass this is cut into several files (whole provinces): xlsx sheets stop at 1,048,576 rows. */
export const MAX_FILE_ROWS = 1_000_000;

// Random streams (the peru shape uses 1 and 2, us 3): never shared with another shape's.
const PLAN = 4;
const TALLY = 5;
const CORRECTION = 6;

/**
 * up: a total higher than the counted report's, same: the same total with votes moved (both replace it);
 * down: a lower total (held, the counted report stays).
 */
export type CorrectionKind = 'up' | 'same' | 'down';

export interface StationCorrection {
  mesa: number;
  contest: number;
  /** In the first corrections file, against the original report. */
  first: CorrectionKind;
  /** In the second corrections file, against the report counted after the first correction (the original when
   * the first was held); null when the report is corrected only once. */
  second: CorrectionKind | null;
}

export interface StationContest {
  name: string;
  candidates: string[];
  /** National weight of each candidate. */
  weights: Float64Array;
  blank: number;
  null: number;
}

export interface StationDistrict {
  region: number;
  province: string;
  name: string;
  /** Index of its first mesa; its mesas are first .. first + mesas - 1. */
  first: number;
  mesas: number;
}

/** Everything about a corpus except its tallies, which are drawn per mesa when its rows are generated. */
export interface StationsPlan {
  contests: StationContest[];
  regions: string[];
  /** [region][contest]: how much each candidate's weight is multiplied by in that region. */
  tilt: Float64Array[][];
  /** In region, province, district order: mesa indices rise through them. */
  districts: StationDistrict[];
  mesaCount: number;
  /** Registered voters per mesa index. */
  registered: Uint16Array;
  /** Sorted by mesa, then contest. */
  corrections: StationCorrection[];
  /** Reports (mesa × contests + contest) whose original tally exceeds the registered voters; sorted. */
  impossible: number[];
}

/** Mesa index → its id: 6 digits, unique nationally (more digits past 999,999 mesas, at scale above ~11). */
export function mesaId(mesa: number): string {
  return String(mesa + 1).padStart(6, '0');
}

/** The plan for a seed and scale: ~86,000 × scale mesas (at least one per district). Cheap: no tally is drawn. */
export function peruStationsPlan(seed: number, scale: number): StationsPlan {
  const geography = peruGeography(seed, 1);
  const random = new Random(seed, PLAN);
  const used = new Set<string>();
  const contests: StationContest[] = PERU_STATION_CONTESTS.map(({ name, blank, null: nul }) => {
    const count = random.between(CANDIDATES_PER_CONTEST[0], CANDIDATES_PER_CONTEST[1]);
    // Names distinct across contests too, so that cells summed over contests keep candidates apart.
    const candidates: string[] = [];
    while (candidates.length < count) {
      const candidate = `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
      if (used.has(candidate)) continue;
      used.add(candidate);
      candidates.push(candidate);
    }
    return { name, candidates, weights: Float64Array.from(candidates, () => 1 + random.int(20)), blank, null: nul };
  });
  const tilt = geography.map(() => contests.map((c) => Float64Array.from(c.candidates, () => 0.4 + 1.2 * random.float())));

  const baseRows = geography.reduce((n, r) => n + r.provinces.reduce((m, p) => m + p.districts.reduce((k, d) => k + d.rows, 0), 0), 0);
  const mesasPerRow = (MESAS * scale) / baseRows;
  const districts: StationDistrict[] = [];
  let mesaCount = 0;
  geography.forEach((region, r) => {
    for (const province of region.provinces) {
      for (const district of province.districts) {
        const mesas = Math.max(1, Math.round(district.rows * mesasPerRow));
        districts.push({ region: r, province: province.name, name: district.name, first: mesaCount, mesas });
        mesaCount += mesas;
      }
    }
  });
  const registered = new Uint16Array(mesaCount);
  for (let m = 0; m < mesaCount; m++) registered[m] = random.between(REGISTERED[0], REGISTERED[1]);

  // Distinct reports to correct and to make impossible (never both: an impossible one is meant to count nowhere).
  const reports = mesaCount * contests.length;
  const correctionCount = Math.max(MIN_CORRECTIONS, Math.round(reports * CORRECTION_SHARE));
  const impossibleCount = Math.max(MIN_IMPOSSIBLE, Math.round(reports * IMPOSSIBLE_SHARE));
  const secondCount = Math.max(MIN_SECOND, Math.round(correctionCount * SECOND_SHARE));
  const picked = new Set<number>();
  const order: number[] = [];
  while (order.length < correctionCount + impossibleCount) {
    const report = random.int(reports);
    if (picked.has(report)) continue;
    picked.add(report);
    order.push(report);
  }
  // The first ones get fixed kinds so that even the smallest corpus has every case: up then a lower second (held,
  // though above the original), same then up, down (held) then up against the original.
  const firstKinds: CorrectionKind[] = ['up', 'same', 'down'];
  const secondKinds: CorrectionKind[] = ['down', 'up', 'up'];
  const corrections: StationCorrection[] = order.slice(0, correctionCount).map((report, i) => {
    const x = random.float();
    const first = firstKinds[i] ?? (x < 0.25 ? 'down' : x < 0.45 ? 'same' : 'up');
    const y = random.float();
    const second = i < secondCount ? (secondKinds[i] ?? (y < 0.4 ? 'down' : 'up')) : null;
    return { mesa: Math.floor(report / contests.length), contest: report % contests.length, first, second };
  });
  corrections.sort((a, b) => a.mesa - b.mesa || a.contest - b.contest);
  const impossible = order.slice(correctionCount).sort((a, b) => a - b);
  return { contests, regions: geography.map((r) => r.name), tilt, districts, mesaCount, registered, corrections, impossible };
}

/** Rows of one mesa's report: one per candidate of the contest, a blank and a null one. */
function rowsPerReport(contest: StationContest): number {
  return contest.candidates.length + 2;
}

/**
 * The upload files in name order: "01-amazonas.<ext>" … "25-ucayali.<ext>" (a region past MAX_FILE_ROWS is cut
 * into "-01", "-02"… by whole provinces), then "zz-corrections-1.<ext>" and "zz-corrections-2.<ext>".
 */
export function peruStationsFiles(seed: number, scale: number, extension: string): CorpusFile[] {
  const plan = peruStationsPlan(seed, scale);
  const tallies = new Tallies(plan, seed);
  const perMesa = plan.contests.reduce((n, c) => n + rowsPerReport(c), 0);
  const files: CorpusFile[] = [];
  plan.regions.forEach((region, r) => {
    // Districts of this region, cut at province boundaries into parts of at most MAX_FILE_ROWS rows.
    const parts: { from: number; to: number; rows: number }[] = [];
    let part: { from: number; to: number; rows: number } | null = null;
    for (let d = 0; d < plan.districts.length; d++) {
      const district = plan.districts[d];
      if (district.region !== r) continue;
      const provinceRows = district.province !== plan.districts[d - 1]?.province ? provinceMesas(plan, d) * perMesa : 0;
      if (part === null || (provinceRows > 0 && part.rows + provinceRows > MAX_FILE_ROWS)) {
        part = { from: d, to: d, rows: 0 };
        parts.push(part);
      }
      part.to = d + 1;
      part.rows += district.mesas * perMesa;
    }
    const prefix = `${String(r + 1).padStart(2, '0')}-${slug(region)}`;
    parts.forEach(({ from, to, rows }, p) => {
      files.push({
        name: `${prefix}${parts.length > 1 ? `-${String(p + 1).padStart(2, '0')}` : ''}.${extension}`,
        rowCount: rows,
        columns: PERU_STATIONS_COLUMNS,
        rows: () => districtRows(plan, tallies, from, to),
      });
    });
  });
  for (const round of [1, 2] as const) {
    const corrections = plan.corrections.filter((c) => round === 1 || c.second !== null);
    files.push({
      name: `zz-corrections-${round}.${extension}`,
      rowCount: corrections.reduce((n, c) => n + rowsPerReport(plan.contests[c.contest]), 0),
      columns: PERU_STATIONS_COLUMNS,
      rows: () => correctionRows(plan, tallies, corrections, round),
    });
  }
  return files;
}

function provinceMesas(plan: StationsPlan, firstDistrict: number): number {
  let mesas = 0;
  const { province } = plan.districts[firstDistrict];
  for (let d = firstDistrict; d < plan.districts.length && plan.districts[d].province === province; d++) mesas += plan.districts[d].mesas;
  return mesas;
}

/** stations.csv: every mesa with its place and registered voters, in mesa order. */
export function peruStationsList(seed: number, scale: number): { name: string; columns: readonly string[]; rowCount: number; rows(): Generator<readonly Cell[]> } {
  const plan = peruStationsPlan(seed, scale);
  return {
    name: STATIONS_LIST_NAME,
    columns: STATIONS_LIST_COLUMNS,
    rowCount: plan.mesaCount,
    *rows() {
      for (const d of plan.districts) {
        for (let m = d.first; m < d.first + d.mesas; m++) yield [mesaId(m), plan.regions[d.region], d.province, d.name, plan.registered[m]];
      }
    },
  };
}

function* districtRows(plan: StationsPlan, tallies: Tallies, from: number, to: number): Generator<CorpusRow> {
  const out = tallies.buffers();
  for (let d = from; d < to; d++) {
    const district = plan.districts[d];
    for (let m = district.first; m < district.first + district.mesas; m++) {
      tallies.fill(m, district.region, out);
      const id = mesaId(m);
      for (let c = 0; c < plan.contests.length; c++) yield* reportRows(plan, c, id, district, plan.registered[m], out[c]);
    }
  }
}

function* correctionRows(plan: StationsPlan, tallies: Tallies, corrections: readonly StationCorrection[], round: 1 | 2): Generator<CorpusRow> {
  const out = tallies.buffers();
  for (const correction of corrections) {
    const district = districtOf(plan, correction.mesa);
    const tally = correctedTally(plan, tallies, correction, round, district.region, out);
    yield* reportRows(plan, correction.contest, mesaId(correction.mesa), district, plan.registered[correction.mesa], tally);
  }
}

/** The tally a correction file sends: the original adjusted, in round 2 from what round 1 left counted. */
export function correctedTally(
  plan: StationsPlan,
  tallies: Tallies,
  correction: StationCorrection,
  round: 1 | 2,
  region: number,
  out = tallies.buffers(),
): Int32Array {
  const { mesa, contest } = correction;
  const report = mesa * plan.contests.length + contest;
  tallies.fill(mesa, region, out);
  const registered = plan.registered[mesa];
  const first = adjusted(out[contest], correction.first, registered, new Random(tallies.seed, CORRECTION, 1, report));
  if (round === 1) return first;
  if (correction.second === null) throw new Error(`mesa ${mesaId(mesa)} has no second correction`);
  const counted = correction.first === 'down' ? out[contest] : first;
  return adjusted(counted, correction.second, registered, new Random(tallies.seed, CORRECTION, 2, report));
}

function districtOf(plan: StationsPlan, mesa: number): StationDistrict {
  let lo = 0;
  let hi = plan.districts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (plan.districts[mid].first <= mesa) lo = mid;
    else hi = mid - 1;
  }
  return plan.districts[lo];
}

function* reportRows(plan: StationsPlan, c: number, id: string, district: StationDistrict, registered: number, tally: Int32Array): Generator<CorpusRow> {
  const contest = plan.contests[c];
  const region = plan.regions[district.region];
  const k = contest.candidates.length;
  for (let i = 0; i < k + 2; i++) {
    const status = i < k ? 'valid' : i === k ? 'blank' : 'null';
    const candidate = i < k ? contest.candidates[i] : '';
    yield {
      region,
      candidate,
      status,
      votes: tally[i],
      voterKey: -1,
      contest: contest.name,
      station: id,
      registered,
      cells: [contest.name, id, region, district.province, district.name, candidate, STATUS_CELLS[status], tally[i]],
    };
  }
}

/** Draws mesas' original tallies: each mesa from its own stream, so any mesa can be drawn alone, in any order. */
export class Tallies {
  private readonly impossible: Set<number>;
  private readonly weights: Float64Array;

  constructor(
    private readonly plan: StationsPlan,
    readonly seed: number,
  ) {
    this.impossible = new Set(plan.impossible);
    this.weights = new Float64Array(Math.max(...plan.contests.map((c) => c.candidates.length)));
  }

  /** One buffer per contest: its candidates' votes in order, then blank, then null. */
  buffers(): Int32Array[] {
    return this.plan.contests.map((c) => new Int32Array(rowsPerReport(c)));
  }

  /**
   * Mesa m's original tallies. The same ballots are cast in every contest (turnout 75-90% of the registered
   * voters), split differently into blank, null and each contest's candidates; an impossible report casts a few
   * more ballots than the mesa has voters.
   */
  fill(m: number, region: number, out: Int32Array[]): void {
    const { plan, weights } = this;
    const random = new Random(this.seed, TALLY, m);
    const registered = plan.registered[m];
    const ballots = Math.round(registered * (TURNOUT[0] + (TURNOUT[1] - TURNOUT[0]) * random.float()));
    for (let c = 0; c < plan.contests.length; c++) {
      const contest = plan.contests[c];
      const tally = out[c];
      const k = contest.candidates.length;
      const excess = random.between(EXCESS[0], EXCESS[1]);
      const cast = this.impossible.has(m * plan.contests.length + c) ? registered + excess : ballots;
      const blank = Math.round(cast * contest.blank * (0.5 + random.float()));
      const nul = Math.round(cast * contest.null * (0.5 + random.float()));
      const valid = cast - blank - nul;
      const tilt = plan.tilt[region][c];
      let sum = 0;
      for (let i = 0; i < k; i++) sum += weights[i] = contest.weights[i] * tilt[i] * (0.7 + 0.6 * random.float());
      let given = 0;
      for (let i = 0; i < k; i++) given += tally[i] = Math.floor((valid * weights[i]) / sum);
      for (let left = valid - given; left > 0; left--) {
        let x = random.float() * sum;
        let i = 0;
        while (i < k - 1 && (x -= weights[i]) >= 0) i++;
        tally[i]++;
      }
      tally[k] = blank;
      tally[k + 1] = nul;
    }
  }
}

/** A copy of `tally` changed by a correction of this kind; its total stays within the registered voters. */
function adjusted(tally: Int32Array, kind: CorrectionKind, registered: number, random: Random): Int32Array {
  const t = tally.slice();
  const total = t.reduce((n, v) => n + v, 0);
  if (kind === 'up') {
    const room = Math.min(MAX_CORRECTION, registered - total);
    if (room < 1) throw new Error(`no room for a higher correction (${total} of ${registered})`);
    for (let d = random.between(1, room); d > 0; d--) t[random.int(t.length)]++;
  } else if (kind === 'down') {
    for (let d = random.between(1, Math.min(MAX_CORRECTION, total)); d > 0; ) {
      const i = random.int(t.length);
      if (t[i] > 0) {
        t[i]--;
        d--;
      }
    }
  } else {
    // Votes moved between rows; again if the moves happened to cancel out.
    do {
      for (let n = random.between(1, 5); n > 0; ) {
        const from = random.int(t.length);
        const to = random.int(t.length);
        if (from === to || t[from] === 0) continue;
        t[from]--;
        t[to]++;
        n--;
      }
    } while (t.every((v, i) => v === tally[i]));
  }
  return t;
}
