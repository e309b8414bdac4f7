import { createHash } from 'node:crypto';
import type { VoteStatus } from '../ingest/types';
import type { ResultsStatusValue } from '../results/resultsStatusValues';

// The results as a NIST SP 1500-100 v2 Election Results Common Data Format ElectionReport (JSON), valid against NIST's
// JSON schema (tests/fixtures/nist/). Pure and deterministic: the same input gives the same bytes (so a published
// sha256 holds), whatever the order of its lists. lib/ingest/readNist.ts reads it back to the same counts.
//
// Shape and the choices made:
// - GpUnits: a root ReportingUnit (Type 'country', the ElectionScopeId and every contest's ElectionDistrictId), then
//   regions (Type 'state'), provinces ('county'), districts ('other', OtherType 'district') and stations ('precinct'),
//   linked by ComposingGpUnitIds, in depth-first order. Each unit carries its Tally key as an ExternalIdentifier
//   {Type 'other', OtherType 'tally-region' | 'tally-province' | 'tally-district' | 'tally-station', Value}. An empty
//   level is skipped (a station of a region without province hangs under the region). Ids are "gpu-" + a sha256
//   prefix of the unit's full path (kind, region, province, district, station), so two districts of one name in
//   different provinces differ, and a unit keeps its id across versions; a region's id is the one the summary export
//   gave it.
// - Counts sit at the lowest unit only, as NIST readers expect (a unit's count is taken as the aggregate of the units
//   below it). In Tally a count without a station beside station counts in the same contest and area is additive
//   (votes not counted by station), so such a count goes to a child unit of that area (Type 'other', OtherType
//   'tally-direct', named "<area> (direct)") rather than to the area itself, where it would read as the area total.
// - Each contest is a CandidateContest (Name "Election" for the default contest "", its key always kept in an
//   ExternalIdentifier 'tally-contest'), VotesAllowed = NumberElected = seats. Valid votes are VoteCounts of Type
//   'total' per candidate and unit; blank votes are OtherCounts.Undervotes and null votes OtherCounts.Overvotes per unit
//   (the closest CDF counts, as the summary export had it), present only where the input has such a count (0 kept).
//   Blank/null counts that name a candidate are added up without it. A contest counted but not listed in `contests`
//   is exported after the listed ones (sorted), with 1 seat.
// - TotalSubUnits / SubUnitsReported: on a contest, the stations of the report and those that reported in that
//   contest; on a ReportingUnit (the field is per unit, not per contest), the stations below it and those below it
//   that reported in ANY contest. Present only when the report has stations. VotersRegistered: the sum of the
//   `registered` of the listed stations below (or at) the unit, when it has any. VotersParticipated: the largest, over
//   contests, of all votes (valid, blank and null) counted at or below the unit: a lower bound of the voters who took
//   part, as someone may skip every contest but one; present where anything was counted.
// - Status: test results are not a ResultsStatus in v2 (no 'other' value, no OtherStatus field): they are Status
//   'unofficial-partial' with IsTest true and TestType 'test'. The v2 ElectionReport has no VersionNumber either: the
//   version is SequenceStart = SequenceEnd and an ExternalIdentifier 'tally-version' of the report.
// - GeneratedDate is written without milliseconds (the schema's DateTimeWithZone pattern has none). The Election's
//   StartDate/EndDate (required) are `electionDate` when given, else the (UTC) date of GeneratedDate.

export interface NistExportInput {
  version: number; // SequenceStart = SequenceEnd = version; ExternalIdentifier tally-version = String(version)
  generatedAt: string | null; // ISO; null → new Date(0)
  status: ResultsStatusValue;
  issuer: string;
  contests: { name: string; seats: number }[]; // name "" is the default contest: Name 'Election', key kept in tally-contest
  /** Counts at the lowest unit: a station's counts (station != '') when stations report, else region/province/district level. */
  counts: { contest: string; region: string; province: string; district: string; station: string; candidate: string; status: VoteStatus; votes: number }[];
  /** The admin's polling stations list (may be empty). */
  stations: { station: string; region: string; province: string; district: string; registered: number }[];
  /** Stations that reported per contest (the set of station ids with a counted report). */
  reported: Record<string, string[]>;
  /** The election's date (YYYY-MM-DD) for Election.StartDate/EndDate; default: the date of generatedAt. */
  electionDate?: string | null;
  /** Language of the InternationalizedText names (default 'es', as the summary export had). */
  language?: string;
}

type Kind = 'root' | 'region' | 'province' | 'district' | 'direct' | 'station';

const KIND_ORDER: Record<Kind, number> = { root: 0, direct: 1, region: 2, province: 3, district: 4, station: 5 };

interface Node {
  key: string;
  id: string;
  kind: Kind;
  name: string;
  /** The Tally key the unit carries (region, province, district or station); null for root and direct units. */
  value: string | null;
  parent: Node | null;
  children: Node[];
  /** Stations: the admin list's registered voters, when listed. */
  registered: number | null;
  order: number;
}

interface Summed {
  contest: string;
  node: Node;
  candidate: string;
  status: VoteStatus;
  votes: number;
}

interface ContestCounts {
  /** Valid votes by node, then candidate. */
  valid: Map<Node, Map<string, number>>;
  blank: Map<Node, number>;
  spoilt: Map<Node, number>;
}

const ROOT_ID = 'gpu-root';

export function nistReport(input: NistExportInput): string {
  const language = input.language ?? 'es';
  const text = (content: string) => ({
    '@type': 'ElectionResults.InternationalizedText',
    Text: [{ '@type': 'ElectionResults.LanguageString', Content: content, Language: language }],
  });

  // --- GpUnit tree ---
  const nodes = new Map<string, Node>();
  const root: Node = { key: '', id: ROOT_ID, kind: 'root', name: 'all regions', value: null, parent: null, children: [], registered: null, order: 0 };
  const child = (parent: Node, kind: Kind, key: string, name: string, value: string | null): Node => {
    let node = nodes.get(key);
    if (node === undefined) {
      node = { key, id: id('gpu', key), kind, name, value, parent, children: [], registered: null, order: 0 };
      nodes.set(key, node);
      parent.children.push(node);
    }
    return node;
  };
  // Keys: a region by its name (its id as the summary export gave it); other kinds by a letter and the full path.
  // Names cannot hold U+0000 (validateRow refuses it), so the keys cannot collide.
  const area = (region: string, province: string, district: string): Node => {
    let node = root;
    if (region !== '') node = child(node, 'region', region, region, region);
    if (province !== '') node = child(node, 'province', `p\u0000${region}\u0000${province}`, province, province);
    if (district !== '') node = child(node, 'district', `d\u0000${region}\u0000${province}\u0000${district}`, district, district);
    return node;
  };
  const stationNode = (region: string, province: string, district: string, station: string): Node =>
    child(area(region, province, district), 'station', `s\u0000${region}\u0000${province}\u0000${district}\u0000${station}`, station, station);
  const direct = (node: Node): Node => child(node, 'direct', `x\u0000${node.key}`, `${node.name} (direct)`, null);

  for (const s of input.stations) {
    if (s.station === '') continue;
    const node = stationNode(s.region, s.province, s.district, s.station);
    node.registered ??= s.registered; // a station listed twice: its first entry
  }

  // --- counts, summed by key; the contest list ---
  const summed = new Map<string, Summed>();
  for (const c of input.counts) {
    const node = c.station === '' ? area(c.region, c.province, c.district) : stationNode(c.region, c.province, c.district, c.station);
    const candidate = c.status === 'valid' ? c.candidate : '';
    const key = `${c.contest}\u0000${node.key}\u0000${c.status}\u0000${candidate}`;
    const prev = summed.get(key);
    if (prev) prev.votes += c.votes;
    else summed.set(key, { contest: c.contest, node, candidate, status: c.status, votes: c.votes });
  }
  const contests: { name: string; seats: number }[] = [];
  const seen = new Set<string>();
  for (const c of input.contests) {
    if (seen.has(c.name)) continue;
    seen.add(c.name);
    contests.push({ name: c.name, seats: c.seats });
  }
  const unlisted = new Set<string>();
  for (const c of summed.values()) if (!seen.has(c.contest)) unlisted.add(c.contest);
  for (const name of [...unlisted].sort(compare)) contests.push({ name, seats: 1 });

  // Per contest, a count without a station at an area with counts below it goes to the area's direct unit.
  const byContest = new Map<string, ContestCounts>();
  for (const contest of contests) byContest.set(contest.name, { valid: new Map(), blank: new Map(), spoilt: new Map() });
  const countsOf = new Map<string, Summed[]>();
  for (const c of summed.values()) {
    let list = countsOf.get(c.contest);
    if (list === undefined) countsOf.set(c.contest, (list = []));
    list.push(c);
  }
  for (const [contest, list] of countsOf) {
    const below = new Set<Node>();
    for (const c of list) for (let p = c.node.parent; p !== null && !below.has(p); p = p.parent) below.add(p);
    const target = byContest.get(contest)!;
    for (const c of list) {
      const node = c.node.kind !== 'station' && below.has(c.node) ? direct(c.node) : c.node;
      if (c.status === 'valid') {
        let cands = target.valid.get(node);
        if (cands === undefined) target.valid.set(node, (cands = new Map()));
        cands.set(c.candidate, (cands.get(c.candidate) ?? 0) + c.votes);
      } else {
        const map = c.status === 'blank' ? target.blank : target.spoilt;
        map.set(node, (map.get(node) ?? 0) + c.votes);
      }
    }
  }

  // --- order and per-unit figures ---
  const ordered: Node[] = [];
  const visit = (node: Node) => {
    node.order = ordered.length;
    ordered.push(node);
    node.children.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || compare(a.name, b.name) || compare(a.key, b.key));
    for (const c of node.children) visit(c);
  };
  visit(root);
  const ids = new Set<string>();
  for (const node of ordered) {
    if (ids.has(node.id)) throw new Error(`nistReport: two GpUnits would share the id ${node.id}`);
    ids.add(node.id);
  }

  const reportedAny = new Set<string>();
  for (const list of Object.values(input.reported)) for (const s of list) reportedAny.add(s);
  const stationNodes = ordered.filter((n) => n.kind === 'station');
  const hasStations = stationNodes.length > 0;

  interface Figures { stations: number; reported: number; listed: number; registered: number; participated: number | null }
  const figures = new Map<Node, Figures>();
  for (const node of ordered) figures.set(node, { stations: 0, reported: 0, listed: 0, registered: 0, participated: null });
  for (const s of stationNodes) {
    for (let p: Node | null = s; p !== null; p = p.parent) {
      const f = figures.get(p)!;
      f.stations++;
      if (reportedAny.has(s.value!)) f.reported++;
      if (s.registered !== null) {
        f.listed++;
        f.registered += s.registered;
      }
    }
  }
  for (const counts of byContest.values()) {
    const totals = new Map<Node, number>();
    const add = (node: Node, votes: number) => {
      for (let p: Node | null = node; p !== null; p = p.parent) totals.set(p, (totals.get(p) ?? 0) + votes);
    };
    for (const [node, cands] of counts.valid) for (const v of cands.values()) add(node, v);
    for (const [node, v] of counts.blank) add(node, v);
    for (const [node, v] of counts.spoilt) add(node, v);
    for (const [node, total] of totals) {
      const f = figures.get(node)!;
      f.participated = Math.max(f.participated ?? 0, total);
    }
  }

  const gpUnits = ordered.map((node) => {
    const f = figures.get(node)!;
    const isStation = node.kind === 'station';
    return {
      '@type': 'ElectionResults.ReportingUnit',
      '@id': node.id,
      Type: UNIT_TYPE[node.kind],
      OtherType: node.kind === 'district' ? 'district' : node.kind === 'direct' ? 'tally-direct' : undefined,
      Name: text(node.name),
      ExternalIdentifier: node.value === null ? undefined : [externalId(`tally-${node.kind}`, node.value)],
      ComposingGpUnitIds: node.children.length > 0 ? node.children.map((c) => c.id) : undefined,
      TotalSubUnits: !isStation && f.stations > 0 ? f.stations : undefined,
      SubUnitsReported: !isStation && f.stations > 0 ? f.reported : undefined,
      VotersRegistered: f.listed > 0 ? f.registered : undefined,
      VotersParticipated: f.participated ?? undefined,
    };
  });

  // --- contests ---
  const candidateNames = new Set<string>();
  const contestObjects = contests.map(({ name, seats }) => {
    const counts = byContest.get(name)!;
    const byCandidate = new Map<string, { node: Node; votes: number }[]>();
    for (const [node, cands] of counts.valid) {
      for (const [candidate, votes] of cands) {
        let list = byCandidate.get(candidate);
        if (list === undefined) byCandidate.set(candidate, (list = []));
        list.push({ node, votes });
      }
    }
    const candidates = [...byCandidate.keys()].sort(compare);
    for (const c of candidates) candidateNames.add(c);
    const otherNodes = [...new Set([...counts.blank.keys(), ...counts.spoilt.keys()])].sort(byOrder);
    const reported = new Set(input.reported[name] ?? []);
    return {
      '@type': 'ElectionResults.CandidateContest',
      '@id': id('contest', name),
      Name: name === '' ? 'Election' : name,
      ExternalIdentifier: [externalId('tally-contest', name)],
      ElectionDistrictId: ROOT_ID,
      VotesAllowed: seats,
      NumberElected: seats,
      TotalSubUnits: hasStations ? stationNodes.length : undefined,
      SubUnitsReported: hasStations ? stationNodes.filter((s) => reported.has(s.value!)).length : undefined,
      ContestSelection: candidates.map((candidate) => ({
        '@type': 'ElectionResults.CandidateSelection',
        '@id': id('sel', `${name}\u0000${candidate}`),
        CandidateIds: [id('cand', candidate)],
        VoteCounts: byCandidate
          .get(candidate)!
          .sort((a, b) => byOrder(a.node, b.node))
          .map(({ node, votes }) => ({ '@type': 'ElectionResults.VoteCounts', GpUnitId: node.id, Type: 'total', Count: votes })),
      })),
      OtherCounts:
        otherNodes.length === 0
          ? undefined
          : otherNodes.map((node) => ({
              '@type': 'ElectionResults.OtherCounts',
              GpUnitId: node.id,
              Undervotes: counts.blank.get(node),
              Overvotes: counts.spoilt.get(node),
            })),
    };
  });

  const generated = generatedDate(input.generatedAt);
  const electionDate = input.electionDate ?? generated.slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(electionDate)) throw new Error(`nistReport: electionDate "${electionDate}" is not a YYYY-MM-DD date`);
  const anyStationCount = [...summed.values()].some((c) => c.node.kind === 'station');

  const report = {
    '@type': 'ElectionResults.ElectionReport',
    Format: anyStationCount ? 'precinct-level' : 'summary-contest',
    GeneratedDate: generated,
    Issuer: input.issuer,
    IssuerAbbreviation: input.issuer,
    SequenceStart: input.version,
    SequenceEnd: input.version,
    ...STATUS[input.status],
    VendorApplicationId: 'tally',
    ExternalIdentifier: [externalId('tally-version', String(input.version))],
    GpUnit: gpUnits,
    Election: [
      {
        '@type': 'ElectionResults.Election',
        Name: text('Election'),
        Type: 'general',
        StartDate: electionDate,
        EndDate: electionDate,
        ElectionScopeId: ROOT_ID,
        Candidate: [...candidateNames].sort(compare).map((c) => ({ '@type': 'ElectionResults.Candidate', '@id': id('cand', c), BallotName: text(c) })),
        Contest: contestObjects,
      },
    ],
  };
  return JSON.stringify(report);
}

const UNIT_TYPE: Record<Kind, string> = { root: 'country', region: 'state', province: 'county', district: 'other', direct: 'other', station: 'precinct' };

const STATUS: Record<ResultsStatusValue, { Status: string; IsTest?: boolean; TestType?: string }> = {
  test: { Status: 'unofficial-partial', IsTest: true, TestType: 'test' },
  'unofficial-partial': { Status: 'unofficial-partial' },
  'unofficial-complete': { Status: 'unofficial-complete' },
  certified: { Status: 'certified' },
};

function externalId(otherType: string, value: string) {
  return { '@type': 'ElectionResults.ExternalIdentifier', Type: 'other', OtherType: otherType, Value: value };
}

/** Stable ids from names (as the summary export had them): the same unit, contest or candidate keeps its id across versions. */
function id(prefix: string, name: string): string {
  return `${prefix}-${createHash('sha256').update(name).digest('hex').slice(0, 12)}`;
}

function generatedDate(generatedAt: string | null): string {
  const date = generatedAt === null ? new Date(0) : new Date(generatedAt);
  if (Number.isNaN(date.getTime())) throw new Error(`nistReport: generatedAt "${generatedAt}" is not a date`);
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Code-unit order: the same everywhere (localeCompare would depend on the ICU data). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byOrder(a: Node, b: Node): number {
  return a.order - b.order;
}
