import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectFormat, formatOfHead } from '../../../lib/ingest/detectFormat';
import { NIST_HEADER, nistRows, openNist } from '../../../lib/ingest/readNist';
import { openVoteRows, readVoteRows } from '../../../lib/ingest/readVoteRows';
import { DEFAULT_LIMITS, type ParsedRow, type VoteRow } from '../../../lib/ingest/types';
import { nistViolations } from '../../support/nistSchema';
import { collect, errorOf, makeTempDir } from './fixtureFiles';

const tmp = makeTempDir();
afterAll(() => tmp.remove());

const SAMPLE = path.resolve(import.meta.dirname, '../../fixtures/nist/county-sample.json');

function vote(v: Partial<VoteRow>): VoteRow {
  return { contest: '', station: '', region: '', province: '', district: '', candidate: '', status: 'valid', votes: 0, voterId: null, extra: null, ...v };
}

const p1 = { station: 'Clinton A', region: 'Franklin', province: 'Clinton' };
const p2 = { station: '39049-0002', region: 'Franklin', province: 'Clinton' };

const sampleRows: ParsedRow[] = [
  // Mayor: early + election-day summed (no total), county totals ignored, OtherCounts per precinct (a 0 kept).
  vote({ contest: 'Mayor', ...p1, candidate: 'Ann Lee', votes: 250 }),
  vote({ contest: 'Mayor', ...p1, candidate: 'Bo Diaz', votes: 170 }),
  vote({ contest: 'Mayor', ...p1, candidate: 'José Núñez', votes: 5 }),
  vote({ contest: 'Mayor', ...p1, status: 'blank', votes: 7 }),
  vote({ contest: 'Mayor', ...p1, status: 'null', votes: 2 }),
  vote({ contest: 'Mayor', ...p2, candidate: 'Ann Lee', votes: 100 }),
  vote({ contest: 'Mayor', ...p2, candidate: 'Bo Diaz', votes: 50 }),
  vote({ contest: 'Mayor', ...p2, candidate: 'José Núñez', votes: 2 }),
  vote({ contest: 'Mayor', ...p2, status: 'blank', votes: 3 }),
  vote({ contest: 'Mayor', ...p2, status: 'null', votes: 0 }),
  // Measure 7: total wins over early/election-day; a plain total over per-device-class totals.
  vote({ contest: 'measure-7', ...p1, candidate: 'Yes', votes: 300 }),
  vote({ contest: 'measure-7', ...p1, candidate: 'No', votes: 200 }),
  vote({ contest: 'measure-7', ...p2, candidate: 'Yes', votes: 90 }),
  vote({ contest: 'measure-7', ...p2, candidate: 'No', votes: 70 }),
  // Sheriff: county totals only (no station); the state totals above them are skipped.
  vote({ contest: 'Sheriff', region: 'Franklin', candidate: 'Cy Park', votes: 400 }),
  vote({ contest: 'Sheriff', region: 'Franklin', candidate: 'Di Moss', votes: 350 }),
  vote({ contest: 'Sheriff', region: 'Franklin', status: 'blank', votes: 20 }),
  vote({ contest: 'Sheriff', region: 'Franklin', status: 'null', votes: 5 }),
].map((v, i) => ({ row: i + 1, vote: v }));

function unit(id: string, type: string, name: string, extra: Record<string, unknown> = {}) {
  return { '@type': 'ElectionResults.ReportingUnit', '@id': id, Type: type, Name: { '@type': 'ElectionResults.InternationalizedText', Text: [{ '@type': 'ElectionResults.LanguageString', Content: name, Language: 'en' }] }, ...extra };
}

function bname(name: string) {
  return { '@type': 'ElectionResults.InternationalizedText', Text: [{ '@type': 'ElectionResults.LanguageString', Content: name, Language: 'en' }] };
}

/** A minimal report: one candidate contest with the given VoteCounts for candidate "A" and OtherCounts. */
function report(gpUnits: unknown[], counts: unknown[], other: unknown[] = [], contest: Record<string, unknown> = {}) {
  return {
    '@type': 'ElectionResults.ElectionReport',
    GpUnit: gpUnits,
    Election: [
      {
        '@type': 'ElectionResults.Election',
        ElectionScopeId: 'scope',
        Candidate: [{ '@type': 'ElectionResults.Candidate', '@id': 'c-a', BallotName: bname('A') }],
        Contest: [
          {
            '@type': 'ElectionResults.CandidateContest',
            '@id': 'k1',
            Name: 'Race',
            ContestSelection: [{ '@type': 'ElectionResults.CandidateSelection', '@id': 's1', CandidateIds: ['c-a'], VoteCounts: counts }],
            OtherCounts: other,
            ...contest,
          },
        ],
      },
    ],
  };
}

const vc = (GpUnitId: string, Type: string, Count: unknown, extra: Record<string, unknown> = {}) => ({ '@type': 'ElectionResults.VoteCounts', GpUnitId, Type, Count, ...extra });

const votesOf = (rows: ParsedRow[]) => rows.map((r) => (r.vote ? r.vote.votes : r.error));

describe('readNist on the hand-written county sample', () => {
  it('is itself a valid NIST v2 report', () => {
    expect(nistViolations(JSON.parse(readFileSync(SAMPLE, 'utf8')))).toEqual([]);
  });

  it('reads one row per precinct and selection at the lowest level, summing CountItemTypes without a total', async () => {
    const opened = await openNist(SAMPLE, DEFAULT_LIMITS);
    expect(opened.format).toBe('nist');
    expect(opened.header).toEqual(NIST_HEADER);
    expect(opened.contests).toEqual([
      { name: 'Mayor', seats: 1 },
      { name: 'measure-7', seats: 1 },
      { name: 'Sheriff', seats: 1 },
    ]);
    expect(await collect(opened.rows)).toEqual(sampleRows);
  });

  it('is detected as nist and read by readVoteRows', async () => {
    expect(await detectFormat(SAMPLE)).toBe('nist');
    const opened = await openVoteRows(SAMPLE);
    expect(opened.format).toBe('nist');
    expect(opened.header).toEqual(NIST_HEADER);
    expect(await collect(opened.rows)).toEqual(sampleRows);
  });

  it('respects limits.maxRows', async () => {
    expect(await errorOf(() => collect(readVoteRows(SAMPLE, { limits: { maxRows: 17 } })))).toMatchObject({ code: 'too_many_rows' });
    expect(await collect(readVoteRows(SAMPLE, { limits: { maxRows: 18 } }))).toHaveLength(18);
  });
});

describe('detectFormat for NIST reports', () => {
  const head = (text: string) => formatOfHead(Buffer.from(text), true);

  it('says nist when the first object has the ElectionReport @type, wherever the key sits', () => {
    expect(head('{"@type":"ElectionResults.ElectionReport","Format":"summary-contest"}')).toBe('nist');
    expect(head('\ufeff\n{\n  "Format": "precinct-level",\n  "GpUnit": [{"@type": "ElectionResults.ReportingUnit"}],\n  "@type" : "ElectionResults.ElectionReport"\n}\n')).toBe('nist');
    // an escaped spelling of the same key and value
    expect(head('{"Issuer":"x","\\u0040type":"ElectionResults\\u002eElectionReport"}')).toBe('nist');
    // the head ends inside the report, after its @type
    expect(formatOfHead(Buffer.from('{"Election":[],"@type":"ElectionResults.ElectionReport","GpUnit":[{"@id":"a'), false)).toBe('nist');
  });

  it('keeps NDJSON (also when a line mentions the type) as ndjson', () => {
    expect(head('{"state":"Ohio","candidate":"A"}\n{"state":"Texas","candidate":"B"}\n')).toBe('ndjson');
    expect(head('{"state":"Ohio","note":"ElectionResults.ElectionReport"}\n{"@type":"ElectionResults.ElectionReport"}\n')).toBe('ndjson');
    expect(head('{"report":{"@type":"ElectionResults.ElectionReport"},"state":"Ohio"}\n')).toBe('ndjson');
    expect(head('{"@type":"ElectionResults.Election","state":"Ohio"}\n')).toBe('ndjson');
    expect(head('{"state":"Ohio", "@type')).toBe('ndjson');
  });

  it('still says json for an array and names NIST among the expected formats', async () => {
    expect(head('[{"@type":"ElectionResults.ElectionReport"}]')).toBe('json');
    expect(await errorOf(async () => head('hello\nworld\n'))).toMatchObject({ code: 'unknown_format', message: expect.stringMatching(/NIST SP 1500-100/) });
  });

  it('detects a report file and keeps an NDJSON file', async () => {
    expect(await detectFormat(tmp.file('r.json', JSON.stringify(report([unit('u', 'county', 'X')], [vc('u', 'total', 1)]), null, 2)))).toBe('nist');
    expect(await detectFormat(tmp.file('r.ndjson', '{"region":"Lima","candidate":"A"}\n{"region":"Cusco","candidate":"B"}\n'))).toBe('ndjson');
  });
});

describe('readNist rules', () => {
  const read = (doc: unknown, limits = DEFAULT_LIMITS) => nistRows(doc, limits).rows;

  it('uses a tally-station identifier, else the Name, and names repeated across counties get the unit id', () => {
    const rows = read(
      report(
        [
          unit('root', 'state', 'Ohio', { ComposingGpUnitIds: ['c1', 'c2'] }),
          unit('c1', 'county', 'Adams', { ComposingGpUnitIds: ['p1', 'p3'] }),
          unit('c2', 'county', 'Brown', { ComposingGpUnitIds: ['p2'] }),
          unit('p1', 'precinct', 'Precinct 1'),
          unit('p2', 'precinct', 'Precinct 1'),
          unit('p3', 'precinct', 'Precinct 3', { ExternalIdentifier: [{ '@type': 'ElectionResults.ExternalIdentifier', Type: 'other', OtherType: 'tally-station', Value: 'M-3' }] }),
        ],
        [vc('p1', 'total', 1), vc('p2', 'total', 2), vc('p3', 'total', 3)],
      ),
    );
    expect(rows.map((r) => r.vote && [r.vote.station, r.vote.region])).toEqual([
      ['Precinct 1 [p1]', 'Adams'],
      ['Precinct 1 [p2]', 'Brown'],
      ['M-3', 'Adams'],
    ]);
  });

  it('takes levels from tally-region/-province/-district identifiers when present, else by position under the root', () => {
    const ext = (t: string, v: string) => ({ ExternalIdentifier: [{ '@type': 'ElectionResults.ExternalIdentifier', Type: 'other', OtherType: t, Value: v }] });
    const positional = read(
      report(
        [
          unit('n', 'country', 'Perú', { ComposingGpUnitIds: ['r'] }),
          unit('r', 'state', 'Lima', { ComposingGpUnitIds: ['p'] }),
          unit('p', 'county', 'Lima', { ComposingGpUnitIds: ['d'] }),
          unit('d', 'city', 'Miraflores', { ComposingGpUnitIds: ['w'] }),
          unit('w', 'ward', 'Ward 9', { ComposingGpUnitIds: ['m'] }),
          unit('m', 'polling-place', 'Mesa 1'),
        ],
        [vc('m', 'total', 4)],
      ),
    );
    expect(positional[0].vote).toMatchObject({ station: 'Mesa 1', region: 'Lima', province: 'Lima', district: 'Miraflores' });

    const tagged = read(
      report(
        [
          unit('n', 'country', 'Perú', { ComposingGpUnitIds: ['r'] }),
          unit('r', 'state', 'Dept. Lima', { ComposingGpUnitIds: ['d'], ...ext('tally-region', 'Lima') }),
          unit('d', 'other', 'Miraflores', { ComposingGpUnitIds: ['m'], ...ext('tally-district', 'Miraflores') }),
          unit('m', 'precinct', 'Mesa 1'),
        ],
        [vc('m', 'total', 4), vc('d', 'total', 4)],
      ),
    );
    // Province has no identifier: "" (not the district by position). The district total is above a counted station.
    expect(tagged).toEqual([{ row: 1, vote: vote({ contest: 'Race', station: 'Mesa 1', region: 'Lima', district: 'Miraflores', candidate: 'A', votes: 4 }) }]);
  });

  it('a unit directly under the root is the region; the root alone is the region when it is all there is', () => {
    const units = [unit('root', 'county', 'Franklin', { ComposingGpUnitIds: ['p'] }), unit('p', 'precinct', 'P1')];
    expect(read(report(units, [vc('p', 'total', 1)]))[0].vote).toMatchObject({ station: 'P1', region: 'Franklin' });
    expect(read(report(units, [vc('root', 'total', 1)]))[0].vote).toMatchObject({ station: '', region: 'Franklin' });
  });

  it('keeps a county total where the county has no precinct counts (other counties have)', () => {
    const rows = read(
      report(
        [
          unit('s', 'state', 'Ohio', { ComposingGpUnitIds: ['c1', 'c2'] }),
          unit('c1', 'county', 'Adams', { ComposingGpUnitIds: ['p1'] }),
          unit('c2', 'county', 'Brown'),
          unit('p1', 'precinct', 'P1'),
        ],
        [vc('s', 'total', 100), vc('c1', 'total', 30), vc('p1', 'total', 30), vc('c2', 'total', 70)],
      ),
    );
    expect(rows.map((r) => r.vote && [r.vote.region, r.vote.station, r.vote.votes])).toEqual([
      ['Brown', '', 70],
      ['Adams', 'P1', 30],
    ]);
  });

  it('ignores seats counts, uses the first RCV round, and drops absentee parts under a plain absentee count', () => {
    const units = [unit('p', 'precinct', 'P1'), unit('scope', 'county', 'Franklin')];
    expect(votesOf(read(report(units, [vc('p', 'seats', 1), vc('p', 'election-day', 10)])))).toEqual([10]);
    expect(votesOf(read(report(units, [vc('p', 'total', 10, { Round: 1 }), vc('p', 'total', 14, { Round: 2 })])))).toEqual([10]);
    expect(votesOf(read(report(units, [vc('p', 'absentee', 5), vc('p', 'absentee-mail', 3), vc('p', 'absentee-in-person', 2), vc('p', 'early', 1)])))).toEqual([6]);
    expect(votesOf(read(report(units, [vc('p', 'absentee-mail', 3), vc('p', 'absentee-in-person', 2)])))).toEqual([5]);
  });

  it('makes a row error of a bad count and of an over-long station name, and counts the other rows', () => {
    const units = [unit('p', 'precinct', 'P1'), unit('q', 'precinct', 'Q'.repeat(201)), unit('r', 'precinct', 'R1'), unit('scope', 'county', 'Franklin')];
    const rows = read(report(units, [vc('p', 'total', -3), vc('q', 'total', 1), vc('r', 'total', 2.5)], [
      { '@type': 'ElectionResults.OtherCounts', GpUnitId: 'r', Undervotes: 4 },
    ]));
    expect(rows).toEqual([
      { row: 1, error: 'invalid vote count "-3"' },
      { row: 2, error: 'station id longer than 200 characters' },
      { row: 3, error: 'invalid vote count "2.5"' },
      { row: 4, vote: vote({ contest: 'Race', station: 'R1', region: 'Franklin', status: 'blank', votes: 4 }) },
    ]);
  });

  it('maps party selections to party names, uses the tally-contest identifier, and the ElectionScopeId unit as the region of a flat report', () => {
    const doc = report([unit('p', 'precinct', 'P1')], []);
    // no hierarchy and no ElectionScopeId unit: no region
    expect(read(report([unit('p', 'precinct', 'P1')], [vc('p', 'total', 1)]))).toEqual([{ row: 1, error: 'missing region' }]);
    doc.GpUnit.push(unit('scope', 'state', 'Ohio'));
    (doc as { Party?: unknown }).Party = [{ '@type': 'ElectionResults.Party', '@id': 'pty', Name: bname('Green') }];
    doc.Election[0].Contest = [
      {
        '@type': 'ElectionResults.PartyContest',
        '@id': 'k2',
        Name: 'Party list',
        ExternalIdentifier: [{ '@type': 'ElectionResults.ExternalIdentifier', Type: 'other', OtherType: 'tally-contest', Value: '' }],
        ContestSelection: [{ '@type': 'ElectionResults.PartySelection', '@id': 's2', PartyIds: ['pty'], VoteCounts: [vc('p', 'total', 9)] }],
      } as never,
    ];
    expect(read(doc)).toEqual([{ row: 1, vote: vote({ contest: '', station: 'P1', region: 'Ohio', candidate: 'Green', votes: 9 }) }]);
  });
});

describe('readNist refusals', () => {
  const refusal = (doc: unknown) => errorOf(async () => nistRows(doc, DEFAULT_LIMITS));
  const units = [unit('p', 'precinct', 'P1')];

  it('refuses what is not an ElectionReport, and one without elections or counts', async () => {
    expect(await refusal([{ region: 'Lima' }])).toMatchObject({ code: 'unknown_format' });
    expect(await refusal({ '@type': 'ElectionResults.Election' })).toMatchObject({ code: 'unknown_format' });
    expect(await refusal({ '@type': 'ElectionResults.ElectionReport' })).toMatchObject({ code: 'empty_file', message: expect.stringMatching(/no Election/) });
    expect(await refusal(report(units, []))).toMatchObject({ code: 'empty_file', message: expect.stringMatching(/no vote counts/) });
  });

  it('refuses unknown GpUnit, candidate and composing references, naming the id', async () => {
    expect(await refusal(report(units, [vc('nowhere', 'total', 1)]))).toMatchObject({ code: 'corrupt_file', message: expect.stringMatching(/unknown GpUnit "nowhere"/) });
    const badCandidate = report(units, [vc('p', 'total', 1)]);
    (badCandidate.Election[0].Contest[0].ContestSelection[0] as { CandidateIds: string[] }).CandidateIds = ['c-zz'];
    expect(await refusal(badCandidate)).toMatchObject({ code: 'corrupt_file', message: expect.stringMatching(/unknown Candidate "c-zz"/) });
    expect(await refusal(report([unit('c', 'county', 'X', { ComposingGpUnitIds: ['ghost'] })], [vc('c', 'total', 1)]))).toMatchObject({
      code: 'corrupt_file',
      message: expect.stringMatching(/unknown GpUnit "ghost"/),
    });
  });

  it('refuses duplicate ids, cycles, two contests with one key and overlapping counted units', async () => {
    expect(await refusal(report([...units, ...units], [vc('p', 'total', 1)]))).toMatchObject({ code: 'corrupt_file', message: expect.stringMatching(/two GpUnits have the @id "p"/) });
    const cycle = [unit('a', 'county', 'A', { ComposingGpUnitIds: ['b'] }), unit('b', 'city', 'B', { ComposingGpUnitIds: ['a'] })];
    expect(await refusal(report(cycle, [vc('a', 'total', 1)]))).toMatchObject({ code: 'corrupt_file', message: expect.stringMatching(/cycle/) });
    const twice = report(units, [vc('p', 'total', 1)]);
    twice.Election[0].Contest.push({ ...twice.Election[0].Contest[0], '@id': 'k9' });
    expect(await refusal(twice)).toMatchObject({ code: 'corrupt_file', message: expect.stringMatching(/two contests .* "Race"/) });
    const overlap = [
      unit('s', 'state', 'S', { ComposingGpUnitIds: ['c', 'cd'] }),
      unit('c', 'county', 'C', { ComposingGpUnitIds: ['p'] }),
      unit('cd', 'congressional', 'CD1', { ComposingGpUnitIds: ['p'] }),
      unit('p', 'precinct', 'P'),
    ];
    expect(await refusal(report(overlap, [vc('c', 'total', 1), vc('cd', 'total', 1)]))).toMatchObject({ code: 'corrupt_file', message: expect.stringMatching(/overlap/) });
    // with precinct counts the overlay's and the county's totals are both aggregates: no overlap, the precinct counts
    expect(votesOf(nistRows(report(overlap, [vc('c', 'total', 1), vc('cd', 'total', 1), vc('p', 'total', 1)]), DEFAULT_LIMITS).rows)).toEqual([1]);
    expect(nistRows(report(overlap, [vc('p', 'total', 1)]), DEFAULT_LIMITS).rows[0].vote).toMatchObject({ region: 'C', station: 'P' });
  });

  it('refuses invalid JSON, invalid UTF-8 and a file over the size cap', async () => {
    expect(await errorOf(() => openNist(tmp.file('bad.json', '{"@type": "ElectionResults.ElectionReport",'), DEFAULT_LIMITS))).toMatchObject({ code: 'corrupt_file' });
    expect(await errorOf(() => openNist(tmp.file('latin1.json', Buffer.from('{"@type":"é"}', 'latin1')), DEFAULT_LIMITS))).toMatchObject({ code: 'corrupt_file' });
    expect(await errorOf(() => openNist(SAMPLE, DEFAULT_LIMITS, { maxBytes: 1000 }))).toMatchObject({ code: 'too_many_rows', message: expect.stringMatching(/larger than 1000 bytes/) });
  });
});
