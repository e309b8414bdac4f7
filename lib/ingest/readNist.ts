import { readFile, stat } from 'node:fs/promises';
import type { RawVote } from './mapColumns';
import type { OpenedVoteRows } from './readVoteRows';
import { RowLimiter } from './rowLimits';
import { IngestError, type IngestLimits, type ParsedRow } from './types';
import { cleanText, validateRow } from './validateRow';

// A NIST SP 1500-100 v2 Election Results Common Data Format report (JSON) as vote rows: one row per lowest-level
// reporting unit and contest selection, plus blank (Undervotes) and null (Overvotes) rows from OtherCounts.
//
// The rules, where the format leaves a choice:
// - Contest key: the contest's ExternalIdentifier {Type 'other', OtherType 'tally-contest'} value when present
//   (Tally's own export writes it, "" for the default contest), else its Name. Two contests with one key are refused:
//   merging them would add up two races.
// - Levels: the GpUnit hierarchy is read from ComposingGpUnitIds. A unit with several parents (a precinct in a county
//   and in a congressional district) hangs under its first administrative parent (electoral districts such as
//   'congressional' or 'state-house' are used only when it has no other parent). Station-like units (precinct,
//   split-/combined-precinct, polling-place, vote-center, ballot-batch, drop-box, any ReportingDevice, or any unit
//   with a 'tally-station' identifier) are stations. When any unit on a row's chain (the unit and its ancestors)
//   carries 'tally-region'/'tally-province'/'tally-district' identifiers, those give the levels and a level without
//   one is ""; otherwise the levels are positional: the top root is skipped (it is the election's scope, e.g. the
//   country) unless it is the only ancestor, and the next three units are region, province and district. A unit
//   whose chain gives no region (a flat list of precincts) is in the region named by the Election's ElectionScopeId
//   unit (rows without a region are refused by validateRow). Station ids: the 'tally-station' value, else the Name
//   (a device or batch of a precinct: "Precinct 4 / Scanner 1"); a derived id shared by several units (precinct names
//   repeat across counties) is followed by the unit's @id, since a station's rows are replaced as one tally.
// - Lowest level only: a count at a unit is dropped when a unit below it (through any parent link) has counts in the
//   same contest, since it is then their aggregate and counting both would double the votes. This is "use station
//   counts when there are any, else the deepest level" generalised: it is the same for a report whose counts sit at
//   uniform levels, and it keeps a county's total when that county (alone) has no precinct detail. Selection
//   VoteCounts and OtherCounts are judged separately (a report may give over/undervotes only per county). When two
//   units with kept counts overlap (share a unit below them, through different parents), the report is refused.
// - CountItemType, per unit and selection: counts with Type 'seats' are not votes and are ignored; if any count has
//   Type 'total' only the totals are used, otherwise all types are summed (early + election-day + absentee…, with
//   absentee-mail/-in-person/-fwab dropped when a plain 'absentee' count is present, since they are its parts). Within
//   one type, counts without DeviceClass win over per-device-class breakdowns; counts without Round win over
//   per-round (RCV) counts, and of per-round counts only the first round present is used (the first preferences).
// - Zero counts are kept: a station's 0 for a candidate is part of its tally, and Tally's own export round-trips
//   exactly (an OtherCounts without Undervotes/Overvotes gives no blank/null row; one with 0 gives a 0 row).
// - Every row goes through validateRow, so names are trimmed/NFC'd and the per-row limits apply; a bad count
//   (negative, fractional, over the per-row limit) is that row's error. Rows are numbered 1, 2, … in output order:
//   elections, their contests and each contest's units in document order; per unit its selections in document order,
//   then blank, then null.

/** A report is read whole (JSON.parse), so its size is capped. Over the cap it is refused as 'too_many_rows': like a
 * row-count limit it is about the file being too large to take in one upload (the remedy is to split it), whereas
 * 'corrupt_file' would tell the uploader the file is damaged, which it is not. */
export const NIST_MAX_BYTES = 200 * 1024 * 1024;

export const NIST_HEADER: readonly string[] = ['contest', 'station', 'region', 'province', 'district', 'candidate', 'status', 'votes'];

/** A contest as the report declares it (also those without counts), by its key as rows carry it. */
export interface NistContest {
  name: string;
  /** NumberElected, else VotesAllowed, else 1. */
  seats: number;
}

export interface NistRows {
  header: string[];
  rows: ParsedRow[];
  contests: NistContest[];
}

export interface OpenedNistRows extends OpenedVoteRows {
  format: 'nist';
  contests: NistContest[];
}

export interface ReadNistOptions {
  /** Size cap in bytes (default NIST_MAX_BYTES). */
  maxBytes?: number;
}

/** Reads and checks a whole NIST report file; structural problems throw IngestError before any row is handed out. */
export async function openNist(filePath: string, limits: IngestLimits, options: ReadNistOptions = {}): Promise<OpenedNistRows> {
  const maxBytes = options.maxBytes ?? NIST_MAX_BYTES;
  const { size } = await stat(filePath);
  if (size > maxBytes) {
    throw new IngestError('too_many_rows', `the NIST report is larger than ${formatBytes(maxBytes)}: split it into several reports`);
  }
  const bytes = await readFile(filePath);
  if (bytes.length > maxBytes) throw new IngestError('too_many_rows', `the NIST report is larger than ${formatBytes(maxBytes)}: split it into several reports`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new IngestError('corrupt_file', 'the file is not valid UTF-8 text: save it as UTF-8');
  }
  if (text.trim().length === 0) throw new IngestError('empty_file', 'the file has no content');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new IngestError('corrupt_file', `the NIST report is not valid JSON: ${(err as Error).message}`);
  }
  const { header, rows, contests } = nistRows(doc, limits);
  return { format: 'nist', header, rows: handOut(rows), contests };
}

async function* handOut(rows: ParsedRow[]): AsyncGenerator<ParsedRow, void, undefined> {
  for (let i = 0; i < rows.length; i++) yield rows[i];
}

const CONTEST_TYPES = new Set(['ElectionResults.CandidateContest', 'ElectionResults.BallotMeasureContest', 'ElectionResults.PartyContest', 'ElectionResults.RetentionContest']);

const STATION_TYPES = new Set(['precinct', 'split-precinct', 'combined-precinct', 'polling-place', 'vote-center', 'ballot-batch', 'drop-box']);

/** Electoral districts that overlay the administrative hierarchy: a parent of these types is used only when a unit
 * has no other. */
const OVERLAY_TYPES = new Set(['congressional', 'state-house', 'state-senate', 'judicial', 'school', 'utility', 'water', 'city-council', 'county-council', 'special', 'ballot-style-area']);

const ABSENTEE_PARTS = new Set(['absentee-mail', 'absentee-in-person', 'absentee-fwab']);

interface Unit {
  id: string;
  index: number;
  device: boolean;
  type: string;
  otherType: string;
  name: string;
  /** Values of the unit's ExternalIdentifiers with Type 'other', by OtherType. */
  ext: Map<string, string>;
  childIds: string[];
  parents: Unit[];
  primary: Unit | null;
  station: boolean;
  /** Tally's export puts counts made directly at a level (beside its stations) in such a child unit. */
  transparent: boolean;
  /** For a station: its station id (see assignStations). */
  stationId?: string;
  levels?: Levels;
}

interface Levels {
  region: string;
  province: string;
  district: string;
}

type Json = Record<string, unknown>;

/**
 * A parsed NIST ElectionReport as vote rows (see the rules at the top of this file). Throws IngestError for a value
 * that is not an ElectionReport ('unknown_format'), one without elections or counts ('empty_file'), a reference to an
 * unknown id or a broken hierarchy ('corrupt_file'), or more rows than limits.maxRows ('too_many_rows').
 */
export function nistRows(doc: unknown, limits: IngestLimits): NistRows {
  if (!isObject(doc) || doc['@type'] !== 'ElectionResults.ElectionReport') {
    throw new IngestError('unknown_format', 'the JSON is not a NIST SP 1500-100 election report: its "@type" is not "ElectionResults.ElectionReport"');
  }
  const elections = arrayOf(doc.Election, 'ElectionReport.Election');
  if (elections.length === 0) throw new IngestError('empty_file', 'the NIST report has no Election: nothing to count');

  const graph = readUnits(doc.GpUnit);
  const parties = namesById(doc.Party, 'Name', 'Party');
  const candidates = new Map<string, string>();
  for (const election of elections) {
    if (!isObject(election)) throw new IngestError('corrupt_file', 'an Election of the NIST report is not an object');
    for (const [id, name] of namesById(election.Candidate, 'BallotName', 'Candidate')) {
      if (candidates.has(id)) throw new IngestError('corrupt_file', `two Candidates have the @id "${clip(id)}"`);
      candidates.set(id, name);
    }
  }

  const limiter = new RowLimiter(limits);
  const rows: ParsedRow[] = [];
  const contests: NistContest[] = [];
  const contestKeys = new Set<string>();
  let counted = 0;

  const push = (raw: RawVote) => {
    limiter.countRow();
    const n = ++counted;
    for (const value of [raw.contest, raw.station, raw.region, raw.province, raw.district, raw.candidate]) {
      if (value !== undefined) limiter.checkCell(value, n);
    }
    const result = validateRow(raw);
    rows.push(typeof result === 'string' ? { row: n, error: result } : { row: n, vote: result });
  };

  for (const election of elections as Json[]) {
    const scope = typeof election.ElectionScopeId === 'string' ? graph.units.get(election.ElectionScopeId) : undefined;
    const fallbackRegion = scope && !scope.station ? scope.name : '';
    for (const contest of arrayOf(election.Contest, 'Election.Contest')) {
      if (!isObject(contest) || typeof contest['@type'] !== 'string' || !CONTEST_TYPES.has(contest['@type'])) {
        throw new IngestError('corrupt_file', `a Contest of the NIST report has an unknown "@type" ${describeType(contest)}`);
      }
      const key = contestKey(contest);
      const folded = cleanText(key);
      if (contestKeys.has(folded)) {
        throw new IngestError('corrupt_file', `two contests of the NIST report are both "${clip(folded)}": give them distinct Names or tally-contest identifiers`);
      }
      contestKeys.add(folded);
      contests.push({ name: folded, seats: seatsOf(contest) });
      readContest(contest, key, graph, fallbackRegion, candidates, parties, push);
    }
  }
  if (rows.length === 0) throw new IngestError('empty_file', 'the NIST report has no vote counts');
  return { header: [...NIST_HEADER], rows, contests };
}

interface UnitGraph {
  units: Map<string, Unit>;
  /** Some unit has several parents: kept counts may then overlap. */
  multiParent: boolean;
}

function readUnits(value: unknown): UnitGraph {
  const units = new Map<string, Unit>();
  const list = arrayOf(value, 'ElectionReport.GpUnit');
  for (let index = 0; index < list.length; index++) {
    const u = list[index];
    if (!isObject(u)) throw new IngestError('corrupt_file', `GpUnit ${index + 1} of the NIST report is not an object`);
    const type = u['@type'];
    if (type !== 'ElectionResults.ReportingUnit' && type !== 'ElectionResults.ReportingDevice') {
      throw new IngestError('corrupt_file', `GpUnit ${index + 1} of the NIST report has an unknown "@type" ${describeType(u)}`);
    }
    const id = u['@id'];
    if (typeof id !== 'string' || id.length === 0) throw new IngestError('corrupt_file', `GpUnit ${index + 1} of the NIST report has no "@id"`);
    if (units.has(id)) throw new IngestError('corrupt_file', `two GpUnits have the @id "${clip(id)}"`);
    const device = type === 'ElectionResults.ReportingDevice';
    const ext = externalIds(u.ExternalIdentifier);
    const unitType = typeof u.Type === 'string' ? u.Type : '';
    const otherType = typeof u.OtherType === 'string' ? u.OtherType : '';
    const name = textOf(u.Name) ?? (device && typeof u.SerialNumber === 'string' && u.SerialNumber.trim() ? u.SerialNumber : null) ?? id;
    const childIds = arrayOf(u.ComposingGpUnitIds, `GpUnit "${clip(id)}" ComposingGpUnitIds`).map((c) => {
      if (typeof c !== 'string') throw new IngestError('corrupt_file', `GpUnit "${clip(id)}" has a ComposingGpUnitIds entry that is not a string`);
      return c;
    });
    units.set(id, {
      id,
      index,
      device,
      type: unitType,
      otherType,
      name,
      ext,
      childIds,
      parents: [],
      primary: null,
      station: device || STATION_TYPES.has(unitType) || ext.has('tally-station'),
      transparent: unitType === 'other' && otherType === 'tally-direct',
    });
  }
  for (const unit of units.values()) {
    for (const childId of unit.childIds) {
      const child = units.get(childId);
      if (child === undefined) throw new IngestError('corrupt_file', `GpUnit "${clip(unit.id)}" is composed of an unknown GpUnit "${clip(childId)}"`);
      if (child === unit) throw new IngestError('corrupt_file', `GpUnit "${clip(unit.id)}" is composed of itself`);
      if (!child.parents.includes(unit)) child.parents.push(unit);
    }
  }
  for (const unit of units.values()) {
    if (unit.parents.length === 0) continue;
    unit.primary = unit.parents.find((p) => !OVERLAY_TYPES.has(p.type)) ?? unit.parents[0];
  }
  // A cycle along the primary parents would leave a chain without a root.
  for (const unit of units.values()) {
    let steps = 0;
    for (let p = unit.primary; p !== null; p = p.primary) {
      if (++steps > units.size) throw new IngestError('corrupt_file', `the GpUnits of the NIST report form a cycle through "${clip(unit.id)}"`);
    }
  }
  assignStations(units);
  return { units, multiParent: [...units.values()].some((u) => u.parents.length > 1) };
}

/**
 * Station ids: a 'tally-station' identifier as written; else the unit's name, after the station it belongs to when it
 * is part of one (a device or ballot batch of a precinct: "Precinct 4 / Scanner 1"). Precinct names repeat across
 * counties in a statewide report, and two units must not share a station id (a station's rows are replaced as one
 * tally), so a derived id that several units would get is followed by the unit's @id: "Precinct 1 [p-17]".
 */
function assignStations(units: Map<string, Unit>): void {
  const derived = new Map<Unit, string>();
  const derive = (unit: Unit): string => {
    const known = unit.ext.get('tally-station') ?? derived.get(unit);
    if (known !== undefined) return known;
    let above: Unit | null = unit.primary;
    while (above !== null && !above.station) above = above.primary;
    const id = above === null ? cleanText(unit.name) : `${derive(above)} / ${cleanText(unit.name)}`;
    derived.set(unit, id);
    return id;
  };
  const users = new Map<string, number>();
  for (const unit of units.values()) {
    if (!unit.station || unit.ext.has('tally-station')) continue;
    const id = derive(unit);
    users.set(id, (users.get(id) ?? 0) + 1);
  }
  for (const unit of units.values()) {
    if (!unit.station) continue;
    const tally = unit.ext.get('tally-station');
    if (tally !== undefined) unit.stationId = tally;
    else {
      const id = derived.get(unit)!;
      unit.stationId = users.get(id)! > 1 ? `${id} [${unit.id}]` : id;
    }
  }
}

function levelsOf(unit: Unit): Levels {
  if (unit.levels) return unit.levels;
  // The chain the levels come from: the unit's ancestors, and the unit itself unless it is a station.
  const chain: Unit[] = [];
  for (let u: Unit | null = unit.station ? unit.primary : unit; u !== null; u = u.primary) chain.push(u);
  chain.reverse();
  const scan = unit.station ? [...chain, unit] : chain;
  let levels: Levels;
  if (scan.some((u) => u.ext.has('tally-region') || u.ext.has('tally-province') || u.ext.has('tally-district'))) {
    levels = { region: '', province: '', district: '' };
    for (const u of scan) {
      levels.region = u.ext.get('tally-region') ?? levels.region;
      levels.province = u.ext.get('tally-province') ?? levels.province;
      levels.district = u.ext.get('tally-district') ?? levels.district;
    }
  } else {
    const names = chain.filter((u) => !u.transparent && !u.station).map((u) => u.name);
    if (names.length > 1) names.shift();
    levels = { region: names[0] ?? '', province: names[1] ?? '', district: names[2] ?? '' };
  }
  unit.levels = levels;
  return levels;
}

interface Selection {
  candidate: string;
  /** VoteCounts by GpUnit id. */
  counts: Map<string, Json[]>;
}

function readContest(contest: Json, key: string, graph: UnitGraph, fallbackRegion: string, candidates: Map<string, string>, parties: Map<string, string>, push: (raw: RawVote) => void): void {
  const where = `contest "${clip(key)}"`;
  const units = graph.units;
  const unitOf = (id: unknown, what: string): Unit => {
    const unit = typeof id === 'string' ? units.get(id) : undefined;
    if (unit === undefined) throw new IngestError('corrupt_file', `${what} of ${where} refer to an unknown GpUnit "${clip(String(id))}"`);
    return unit;
  };

  const selections: Selection[] = [];
  for (const s of arrayOf(contest.ContestSelection, `${where} ContestSelection`)) {
    if (!isObject(s)) throw new IngestError('corrupt_file', `a ContestSelection of ${where} is not an object`);
    const selection: Selection = { candidate: selectionName(s, where, candidates, parties), counts: new Map() };
    for (const vc of arrayOf(s.VoteCounts, `${where} VoteCounts`)) {
      if (!isObject(vc)) throw new IngestError('corrupt_file', `a VoteCounts of ${where} is not an object`);
      const unit = unitOf(vc.GpUnitId, 'VoteCounts');
      let list = selection.counts.get(unit.id);
      if (list === undefined) selection.counts.set(unit.id, (list = []));
      list.push(vc);
    }
    selections.push(selection);
  }
  const others = new Map<string, Json[]>();
  for (const oc of arrayOf(contest.OtherCounts, `${where} OtherCounts`)) {
    if (!isObject(oc)) throw new IngestError('corrupt_file', `an OtherCounts of ${where} is not an object`);
    const unit = unitOf(oc.GpUnitId, 'OtherCounts');
    let list = others.get(unit.id);
    if (list === undefined) others.set(unit.id, (list = []));
    list.push(oc);
  }

  const voteUnits = new Set<string>();
  for (const s of selections) for (const id of s.counts.keys()) voteUnits.add(id);
  const keptVotes = lowestUnits(voteUnits, graph, where);
  const keptOthers = lowestUnits(new Set(others.keys()), graph, where);
  const order = [...new Set([...keptVotes, ...keptOthers])].map((id) => units.get(id)!).sort((a, b) => a.index - b.index);

  for (const unit of order) {
    const levels = levelsOf(unit);
    const { province, district } = levels;
    const region = levels.region === '' ? fallbackRegion : levels.region;
    const station = unit.station ? unit.stationId! : '';
    const row = (candidate: string, status: string, votes: string): RawVote => ({
      contest: key, station, region, province, district, candidate, valid: undefined, status, voterId: undefined, votes, extra: null,
    });
    if (keptVotes.has(unit.id)) {
      for (const s of selections) {
        const list = s.counts.get(unit.id);
        if (list === undefined) continue;
        const votes = voteTotal(list);
        if (votes !== null) push(row(s.candidate, 'valid', votes));
      }
    }
    if (keptOthers.has(unit.id)) {
      const list = others.get(unit.id)!;
      const blank = otherTotal(list, 'Undervotes');
      if (blank !== null) push(row('', 'blank', blank));
      const spoilt = otherTotal(list, 'Overvotes');
      if (spoilt !== null) push(row('', 'null', spoilt));
    }
  }
}

/** The units of `counted` that have no counted unit below them; refuses overlapping ones (see the top of the file). */
function lowestUnits(counted: Set<string>, graph: UnitGraph, where: string): Set<string> {
  const units = graph.units;
  const aggregates = new Set<string>();
  for (const id of counted) {
    const stack = [...units.get(id)!.parents];
    while (stack.length > 0) {
      const p = stack.pop()!;
      if (aggregates.has(p.id)) continue;
      aggregates.add(p.id);
      stack.push(...p.parents);
    }
  }
  const kept = new Set<string>();
  for (const id of counted) if (!aggregates.has(id)) kept.add(id);
  // In a tree two kept units are never above one another, so they cannot overlap; with several parents they can.
  // Devices are not areas: one scanner shared by two precincts does not make the precincts overlap.
  if (graph.multiParent) {
    const owner = new Map<string, string>();
    for (const id of kept) {
      const stack = [...units.get(id)!.childIds];
      const seen = new Set<string>();
      while (stack.length > 0) {
        const c = stack.pop()!;
        if (seen.has(c)) continue;
        seen.add(c);
        const unit = units.get(c)!;
        if (unit.device) continue;
        const other = owner.get(c);
        if (other !== undefined && other !== id) {
          throw new IngestError('corrupt_file', `${where} has counts for GpUnits "${clip(other)}" and "${clip(id)}", which overlap (both contain "${clip(c)}"), and none below them: which to count would be a guess`);
        }
        owner.set(c, id);
        stack.push(...unit.childIds);
      }
    }
  }
  return kept;
}

/** A selection's votes at one unit by the CountItemType rules, as text for validateRow; null when none counts. */
function voteTotal(list: Json[]): string | null {
  let counts = list.filter((c) => c.Type !== 'seats');
  if (counts.length === 0) return null;
  if (counts.some((c) => c.Round == null)) counts = counts.filter((c) => c.Round == null);
  else {
    const first = Math.min(...counts.map((c) => (typeof c.Round === 'number' ? c.Round : Infinity)));
    counts = counts.filter((c) => c.Round === first);
  }
  if (counts.some((c) => c.Type === 'total')) counts = counts.filter((c) => c.Type === 'total');
  else if (counts.some((c) => c.Type === 'absentee')) counts = counts.filter((c) => !ABSENTEE_PARTS.has(c.Type as string));
  const byType = new Map<string, Json[]>();
  for (const c of counts) {
    const type = `${String(c.Type)}\u0000${typeof c.OtherType === 'string' ? c.OtherType : ''}`;
    let group = byType.get(type);
    if (group === undefined) byType.set(type, (group = []));
    group.push(c);
  }
  let sum = 0;
  for (const group of byType.values()) {
    const chosen = group.some((c) => c.DeviceClass == null) ? group.filter((c) => c.DeviceClass == null) : group;
    for (const c of chosen) {
      const n = countValue(c.Count);
      if (n === null) return typeof c.Count === 'string' ? c.Count : String(c.Count);
      sum += n;
    }
  }
  return String(sum);
}

/** Undervotes or Overvotes at one unit (entries without DeviceClass win over per-device-class ones); null when no entry has it. */
function otherTotal(list: Json[], field: 'Undervotes' | 'Overvotes'): string | null {
  let entries = list.filter((c) => c[field] !== undefined);
  if (entries.length === 0) return null;
  if (entries.some((c) => c.DeviceClass == null)) entries = entries.filter((c) => c.DeviceClass == null);
  let sum = 0;
  for (const c of entries) {
    const n = countValue(c[field]);
    if (n === null) return typeof c[field] === 'string' ? (c[field] as string) : String(c[field]);
    sum += n;
  }
  return String(sum);
}

/** A count as a whole number >= 0; numeric text is accepted. null for anything else (negative, fractional: the row
 * then reports it as invalid, rather than let it offset another count in a sum). */
function countValue(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+(\.0*)?\s*$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

function selectionName(s: Json, where: string, candidates: Map<string, string>, parties: Map<string, string>): string {
  switch (s['@type']) {
    case 'ElectionResults.CandidateSelection': {
      const ids = arrayOf(s.CandidateIds, `${where} CandidateIds`);
      if (ids.length === 0) return s.IsWriteIn === true ? 'Write-in' : '';
      return ids
        .map((id) => {
          const name = typeof id === 'string' ? candidates.get(id) : undefined;
          if (name === undefined) throw new IngestError('corrupt_file', `a selection of ${where} refers to an unknown Candidate "${clip(String(id))}"`);
          return name;
        })
        .join(' / ');
    }
    case 'ElectionResults.BallotMeasureSelection':
      return textOf(s.Selection) ?? '';
    case 'ElectionResults.PartySelection':
      return arrayOf(s.PartyIds, `${where} PartyIds`)
        .map((id) => {
          const name = typeof id === 'string' ? parties.get(id) : undefined;
          if (name === undefined) throw new IngestError('corrupt_file', `a selection of ${where} refers to an unknown Party "${clip(String(id))}"`);
          return name;
        })
        .join(' / ');
    default:
      throw new IngestError('corrupt_file', `a ContestSelection of ${where} has an unknown "@type" ${describeType(s)}`);
  }
}

function contestKey(contest: Json): string {
  const tally = externalIds(contest.ExternalIdentifier).get('tally-contest');
  if (tally !== undefined) return tally;
  if (typeof contest.Name === 'string') return contest.Name;
  return textOf(contest.Name) ?? (typeof contest['@id'] === 'string' ? contest['@id'] : '');
}

function seatsOf(contest: Json): number {
  for (const v of [contest.NumberElected, contest.VotesAllowed]) if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  return 1;
}

/** Values of ExternalIdentifiers with Type 'other', by OtherType (the first of each wins). */
function externalIds(value: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!Array.isArray(value)) return out;
  for (const e of value) {
    if (isObject(e) && e.Type === 'other' && typeof e.OtherType === 'string' && typeof e.Value === 'string' && !out.has(e.OtherType)) out.set(e.OtherType, e.Value);
  }
  return out;
}

/** The id → name map of a list of Candidates/Parties (`field` an InternationalizedText); a missing name is "". */
function namesById(value: unknown, field: string, what: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const item of arrayOf(value, what)) {
    if (!isObject(item) || typeof item['@id'] !== 'string') throw new IngestError('corrupt_file', `a ${what} of the NIST report has no "@id"`);
    if (out.has(item['@id'])) throw new IngestError('corrupt_file', `two ${what}s have the @id "${clip(item['@id'])}"`);
    out.set(item['@id'], textOf(item[field]) ?? (what === 'Party' ? (textOf(item.Abbreviation) ?? '') : ''));
  }
  return out;
}

/** An InternationalizedText's first non-blank content (a plain string is taken as is); null when none. */
function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value.trim().length > 0 ? value : null;
  if (!isObject(value) || !Array.isArray(value.Text)) return null;
  for (const t of value.Text) if (isObject(t) && typeof t.Content === 'string' && t.Content.trim().length > 0) return t.Content;
  return null;
}

function arrayOf(value: unknown, what: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new IngestError('corrupt_file', `${what} of the NIST report is not a list`);
  return value;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeType(value: unknown): string {
  return isObject(value) && typeof value['@type'] === 'string' ? `"${clip(value['@type'])}"` : '(none)';
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

function formatBytes(n: number): string {
  return n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MiB` : `${n} bytes`;
}
