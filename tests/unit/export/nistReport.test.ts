import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { nistReport, type NistExportInput } from '../../../lib/export/nistReport';
import { checkNistReport, NIST_REFERENCE_FIELDS } from '../../../lib/export/nistSchemaCheck';
import { nistRows } from '../../../lib/ingest/readNist';
import { readVoteRows } from '../../../lib/ingest/readVoteRows';
import { DEFAULT_LIMITS, type ParsedRow, type VoteRow } from '../../../lib/ingest/types';
import { NIST_SCHEMA_PATH, nistSchemaErrors, nistViolations } from '../../support/nistSchema';
import { collect, makeTempDir } from '../ingest/fixtureFiles';

const tmp = makeTempDir();
afterAll(() => tmp.remove());

type Count = NistExportInput['counts'][number];
const c = (contest: string, region: string, province: string, district: string, station: string, candidate: string, status: Count['status'], votes: number): Count => ({
  contest, region, province, district, station, candidate, status, votes,
});

const input: NistExportInput = {
  version: 7,
  generatedAt: '2026-04-12T21:30:15.123Z',
  status: 'unofficial-partial',
  issuer: 'ONPE',
  contests: [
    { name: '', seats: 1 },
    { name: 'Congreso', seats: 3 },
  ],
  counts: [
    // default contest: stations (one in a region without province), a region without stations, and a count without
    // a station in Lima beside Lima's stations (additive in Tally)
    c('', 'Lima', 'Lima', 'Miraflores', 'M1', 'Ana', 'valid', 100),
    c('', 'Lima', 'Lima', 'Miraflores', 'M1', 'Beto', 'valid', 80),
    c('', 'Lima', 'Lima', 'Miraflores', 'M1', '', 'blank', 5),
    c('', 'Lima', 'Lima', 'Miraflores', 'M1', '', 'null', 3),
    c('', 'Lima', 'Lima', 'Miraflores', 'M2', 'Ana', 'valid', 90),
    c('', 'Lima', 'Lima', 'Miraflores', 'M2', 'Beto', 'valid', 70),
    c('', 'Lima', 'Lima', 'Miraflores', 'M2', '', 'null', 0),
    c('', 'Lima', 'Lima', 'San Isidro', 'M3', 'Ana', 'valid', 60),
    c('', 'Lima', 'Lima', 'San Isidro', 'M3', 'Beto', 'valid', 0),
    c('', 'Lima', 'Lima', 'San Isidro', 'M3', '', 'blank', 2),
    c('', 'Cusco', '', 'Pisac', 'M4', 'Ana', 'valid', 10),
    c('', 'Cusco', '', 'Pisac', 'M4', 'Beto', 'valid', 30),
    c('', 'Arequipa', '', '', '', 'Ana', 'valid', 500),
    c('', 'Arequipa', '', '', '', 'Beto', 'valid', 400),
    c('', 'Arequipa', '', '', '', '', 'blank', 10),
    c('', 'Lima', '', '', '', 'Ana', 'valid', 7),
    // a multi-seat contest counted by region and province only
    c('Congreso', 'Lima', '', '', '', 'Partido A', 'valid', 1000),
    c('Congreso', 'Lima', '', '', '', 'Partido B', 'valid', 800),
    c('Congreso', 'Lima', '', '', '', '', 'blank', 50),
    c('Congreso', 'Lima', '', '', '', '', 'null', 20),
    c('Congreso', 'Cusco', 'Urubamba', '', '', 'Partido A', 'valid', 100),
    // a contest that is counted but not listed
    c('Consulta', 'Lima', 'Lima', 'Miraflores', 'M1', 'Sí', 'valid', 40),
    c('Consulta', 'Lima', 'Lima', 'Miraflores', 'M1', 'No', 'valid', 30),
  ],
  stations: [
    { station: 'M1', region: 'Lima', province: 'Lima', district: 'Miraflores', registered: 300 },
    { station: 'M2', region: 'Lima', province: 'Lima', district: 'Miraflores', registered: 250 },
    { station: 'M3', region: 'Lima', province: 'Lima', district: 'San Isidro', registered: 200 },
    { station: 'M4', region: 'Cusco', province: '', district: 'Pisac', registered: 150 },
    // a district of the same name in another province; no counts
    { station: 'M5', region: 'Lima', province: 'Huaral', district: 'Miraflores', registered: 100 },
  ],
  reported: { '': ['M1', 'M2', 'M3', 'M4'], Consulta: ['M1'] },
};

type Doc = {
  GpUnit: { '@id': string; Type: string; OtherType?: string; Name: { Text: { Content: string }[] }; ExternalIdentifier?: { OtherType: string; Value: string }[]; ComposingGpUnitIds?: string[]; [k: string]: unknown }[];
  Election: { Contest: { Name: string; ExternalIdentifier: { Value: string }[]; OtherCounts?: Record<string, unknown>[]; [k: string]: unknown }[]; [k: string]: unknown }[];
  [k: string]: unknown;
};

const parse = (body: string) => JSON.parse(body) as Doc;
const nameOf = (u: Doc['GpUnit'][number]) => u.Name.Text[0].Content;
const unitNamed = (doc: Doc, type: string, name: string) => doc.GpUnit.filter((u) => u.Type === type && nameOf(u) === name);

function asRow(x: Count): VoteRow {
  return { ...x, voterId: null, extra: null };
}

const key = (v: VoteRow) => JSON.stringify([v.contest, v.region, v.province, v.district, v.station, v.status, v.candidate]);
const sorted = (votes: VoteRow[]) => [...votes].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

describe('nistReport', () => {
  const body = nistReport(input);
  const doc = parse(body);

  it('is valid against NIST’s v2 JSON schema and its references resolve', () => {
    expect(nistViolations(doc)).toEqual([]);
    expect(nistViolations(parse(nistReport({ ...input, status: 'test', generatedAt: null, counts: [], stations: [], reported: {} })))).toEqual([]);
  });

  it('reads back (readNist) to exactly the counts it was built from, with the contests and their seats', () => {
    const { rows, contests } = nistRows(doc, DEFAULT_LIMITS);
    expect(rows.filter((r) => r.error !== undefined)).toEqual([]);
    expect(sorted(rows.map((r) => r.vote!))).toEqual(sorted(input.counts.map(asRow)));
    expect(rows.map((r) => r.row)).toEqual(rows.map((_, i) => i + 1));
    expect(contests).toEqual([
      { name: '', seats: 1 },
      { name: 'Congreso', seats: 3 },
      { name: 'Consulta', seats: 1 },
    ]);
  });

  it('reads back through a file, detected as nist', async () => {
    const rows: ParsedRow[] = await collect(readVoteRows(tmp.file('report.json', body)));
    expect(sorted(rows.map((r) => r.vote!))).toEqual(sorted(input.counts.map(asRow)));
  });

  it('is byte-identical for the same input, whatever the order of its lists', () => {
    expect(nistReport(input)).toBe(body);
    const shuffled: NistExportInput = {
      ...input,
      counts: [...input.counts].reverse(),
      stations: [...input.stations].reverse(),
      reported: { Consulta: ['M1'], '': ['M4', 'M3', 'M2', 'M1'] },
    };
    expect(nistReport(shuffled)).toBe(body);
  });

  it('sums duplicate count keys', () => {
    const doubled = { ...input, counts: [...input.counts, c('Consulta', 'Lima', 'Lima', 'Miraflores', 'M1', 'No', 'valid', 5)] };
    const rows = nistRows(parse(nistReport(doubled)), DEFAULT_LIMITS).rows;
    expect(rows.find((r) => r.vote?.contest === 'Consulta' && r.vote.candidate === 'No')!.vote!.votes).toBe(35);
  });

  it('has the report header fields: status, sequence, version, dates, format', () => {
    expect(doc).toMatchObject({
      '@type': 'ElectionResults.ElectionReport',
      Format: 'precinct-level',
      GeneratedDate: '2026-04-12T21:30:15Z',
      Issuer: 'ONPE',
      IssuerAbbreviation: 'ONPE',
      SequenceStart: 7,
      SequenceEnd: 7,
      Status: 'unofficial-partial',
      VendorApplicationId: 'tally',
      ExternalIdentifier: [{ '@type': 'ElectionResults.ExternalIdentifier', Type: 'other', OtherType: 'tally-version', Value: '7' }],
    });
    expect(doc.IsTest).toBeUndefined();
    expect(doc.Election[0]).toMatchObject({ Type: 'general', StartDate: '2026-04-12', EndDate: '2026-04-12', ElectionScopeId: 'gpu-root' });
    const test = parse(nistReport({ ...input, status: 'test', generatedAt: null, electionDate: '2026-04-12' }));
    expect(test).toMatchObject({ Status: 'unofficial-partial', IsTest: true, TestType: 'test', GeneratedDate: '1970-01-01T00:00:00Z' });
    expect(test.Election[0]).toMatchObject({ StartDate: '2026-04-12' });
    expect(parse(nistReport({ ...input, status: 'certified' })).Status).toBe('certified');
    const summary = parse(nistReport({ ...input, counts: input.counts.filter((x) => x.station === '') }));
    expect(summary.Format).toBe('summary-contest');
  });

  it('builds the unit hierarchy with Tally keys, path-based ids and station figures', () => {
    const root = doc.GpUnit[0];
    expect(root).toMatchObject({ '@id': 'gpu-root', Type: 'country', TotalSubUnits: 5, SubUnitsReported: 4, VotersRegistered: 1000 });
    const lima = unitNamed(doc, 'state', 'Lima');
    expect(lima).toHaveLength(1);
    // Lima: 4 listed stations (850 registered), 3 reported; the largest contest total there is Congreso's 1870
    expect(lima[0]).toMatchObject({ ExternalIdentifier: [{ OtherType: 'tally-region', Value: 'Lima' }], TotalSubUnits: 4, SubUnitsReported: 3, VotersRegistered: 850, VotersParticipated: 1870 });
    expect(root.ComposingGpUnitIds).toContain(lima[0]['@id']);
    // two districts named Miraflores (provinces Lima and Huaral) are two units
    const miraflores = doc.GpUnit.filter((u) => u.Type === 'other' && u.OtherType === 'district' && nameOf(u) === 'Miraflores');
    expect(miraflores).toHaveLength(2);
    expect(new Set(miraflores.map((u) => u['@id'])).size).toBe(2);
    const m1 = unitNamed(doc, 'precinct', 'M1')[0];
    expect(m1).toMatchObject({ ExternalIdentifier: [{ OtherType: 'tally-station', Value: 'M1' }], VotersRegistered: 300, VotersParticipated: 188 });
    expect(m1.TotalSubUnits).toBeUndefined();
    // Cusco has no province: its district hangs under the region
    const cusco = unitNamed(doc, 'state', 'Cusco')[0];
    const pisac = doc.GpUnit.find((u) => nameOf(u) === 'Pisac')!;
    expect(cusco.ComposingGpUnitIds).toContain(pisac['@id']);
    // the count without a station beside Lima's stations sits in Lima's direct unit, not on Lima
    const direct = doc.GpUnit.find((u) => u.OtherType === 'tally-direct')!;
    expect(direct).toMatchObject({ Type: 'other', Name: { Text: [{ Content: 'Lima (direct)' }] } });
    expect(lima[0].ComposingGpUnitIds).toContain(direct['@id']);
    const ids = doc.GpUnit.map((u) => u['@id']);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has one candidate contest per contest with seats, station counts per contest and blank/null as OtherCounts', () => {
    const [def, congreso, consulta] = doc.Election[0].Contest;
    expect(def).toMatchObject({
      '@type': 'ElectionResults.CandidateContest',
      Name: 'Election',
      ExternalIdentifier: [{ OtherType: 'tally-contest', Value: '' }],
      ElectionDistrictId: 'gpu-root',
      VotesAllowed: 1,
      NumberElected: 1,
      TotalSubUnits: 5,
      SubUnitsReported: 4,
    });
    expect(congreso).toMatchObject({ Name: 'Congreso', VotesAllowed: 3, NumberElected: 3, SubUnitsReported: 0 });
    expect(consulta).toMatchObject({ Name: 'Consulta', VotesAllowed: 1, SubUnitsReported: 1 });
    const m2 = unitNamed(doc, 'precinct', 'M2')[0]['@id'];
    const m2Other = def.OtherCounts!.find((o) => o.GpUnitId === m2);
    expect(m2Other).toEqual({ '@type': 'ElectionResults.OtherCounts', GpUnitId: m2, Overvotes: 0 });
    const limaCongreso = congreso.OtherCounts!.find((o) => o.GpUnitId === unitNamed(doc, 'state', 'Lima')[0]['@id']);
    expect(limaCongreso).toMatchObject({ Undervotes: 50, Overvotes: 20 });
    const selections = def.ContestSelection as { CandidateIds: string[]; VoteCounts: { Type: string }[] }[];
    expect(selections).toHaveLength(2);
    expect(selections.flatMap((s) => s.VoteCounts.map((v) => v.Type))).toEqual(expect.arrayContaining(['total']));
    expect(new Set(selections.flatMap((s) => s.VoteCounts.map((v) => v.Type)))).toEqual(new Set(['total']));
    const candidates = doc.Election[0].Candidate as { BallotName: { Text: { Content: string }[] } }[];
    expect(candidates.map((x) => x.BallotName.Text[0].Content)).toEqual(['Ana', 'Beto', 'No', 'Partido A', 'Partido B', 'Sí']);
  });
});

describe('nistSchemaCheck', () => {
  it('lists the schema’s refTypes exactly', () => {
    const schema = JSON.parse(readFileSync(NIST_SCHEMA_PATH, 'utf8')) as { definitions: Record<string, { properties?: Record<string, { refTypes?: string[]; items?: { refTypes?: string[] } }> }> };
    const fromSchema: Record<string, string[]> = {};
    for (const def of Object.values(schema.definitions)) {
      for (const [name, prop] of Object.entries(def.properties ?? {})) {
        const refTypes = prop.refTypes ?? prop.items?.refTypes;
        if (!refTypes) continue;
        if (fromSchema[name]) expect(fromSchema[name]).toEqual([...refTypes].sort());
        fromSchema[name] = [...refTypes].sort();
      }
    }
    const table = Object.fromEntries(Object.entries(NIST_REFERENCE_FIELDS).map(([k, v]) => [k, [...v].sort()]));
    expect(table).toEqual(fromSchema);
  });

  it('reports unknown and mistyped references, duplicate ids and cycles', () => {
    const doc = parse(nistReport(input));
    const region = doc.GpUnit[1];
    region.ComposingGpUnitIds = [...(region.ComposingGpUnitIds ?? []), 'gpu-missing', 'gpu-root'];
    const contest = doc.Election[0].Contest[0] as unknown as { ElectionDistrictId: string; ContestSelection: { CandidateIds: string[] }[] };
    contest.ElectionDistrictId = 'cand-x';
    contest.ContestSelection[0].CandidateIds = [doc.GpUnit[2]['@id']];
    doc.GpUnit.push({ ...doc.GpUnit[3] });
    const violations = checkNistReport(doc);
    expect(violations).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^GpUnit\[1\]\.ComposingGpUnitIds\[\d+\]: "gpu-missing" is no "@id"/),
        expect.stringMatching(/^Election\[0\]\.Contest\[0\]\.ElectionDistrictId: "cand-x" is no "@id"/),
        expect.stringMatching(/CandidateIds\[0\]: ".*" is a ElectionResults.ReportingUnit .* not a ElectionResults.Candidate/),
        expect.stringMatching(/is already used at GpUnit\[3\]/),
        expect.stringMatching(/cycle: gpu-root → .* → gpu-root/),
      ]),
    );
    expect(checkNistReport({ '@type': 'x' })).toEqual([expect.stringMatching(/not an ElectionReport/)]);
  });

  it('the schema check catches what the old export got wrong (Status other, OtherStatus, VersionNumber, milliseconds)', () => {
    const doc = parse(nistReport(input));
    expect(nistSchemaErrors({ ...doc, Status: 'other', OtherStatus: 'test', VersionNumber: '7', GeneratedDate: '2026-04-12T21:30:15.123Z' })).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/Status: must be equal to one of the allowed values/),
        expect.stringMatching(/additional properties .*OtherStatus/),
        expect.stringMatching(/additional properties .*VersionNumber/),
        expect.stringMatching(/^\/GeneratedDate: must match pattern/),
      ]),
    );
  });
});
