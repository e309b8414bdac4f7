import { afterAll, describe, expect, it } from 'vitest';
import { openVoteRows, readVoteRows } from '../../../lib/ingest/readVoteRows';
import type { ParsedRow } from '../../../lib/ingest/types';
import { writeXlsx } from '../../../lib/xlsx/writeXlsx';
import { collect, errorOf, makeTempDir } from './fixtureFiles';

const tmp = makeTempDir();
afterAll(() => tmp.remove());

const peruHeader = ['Región', 'provincia', 'ciudad', 'dni', 'CANDIDATO', 'esVálido'];
const peruRows: (string | number)[][] = [
  ['Áncash', 'Huaraz', 'Huaraz Centro', '40000001', 'Ana Pérez', 1],
  ['Lima', 'Lima', 'Miraflores', '40000002', 'Bob', 0],
  ['', 'Lima', 'Miraflores', '40000003', 'Bob', 1],
  ['Cusco', 'Urubamba', 'Pisac', '40000004', '', 'sí'],
  ['Cusco', 'Urubamba', 'Pisac', '', 'Carla', 'quizás'],
];
const peruExpected: ParsedRow[] = [
  { row: 2, vote: { contest: '', station: '', region: 'Áncash', province: 'Huaraz', district: 'Huaraz Centro', candidate: 'Ana Pérez', status: 'valid', votes: 1, voterId: '40000001', extra: null } },
  { row: 3, vote: { contest: '', station: '', region: 'Lima', province: 'Lima', district: 'Miraflores', candidate: 'Bob', status: 'null', votes: 1, voterId: '40000002', extra: null } },
  { row: 4, error: 'missing region' },
  { row: 5, error: 'missing candidate' },
  { row: 6, error: 'invalid valid flag "quizás"' },
];

const csvLine = (cells: (string | number)[]) => cells.map((c) => (/[;"\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : c)).join(';');

describe('readVoteRows on the Peruvian sheet shape', () => {
  it('reads the same rows from xlsx and csv', async () => {
    const xlsx = tmp.path('peru.xlsx');
    await writeXlsx(xlsx, [peruHeader, ...peruRows], { sharedStrings: true });
    const csv = tmp.file('peru.csv', `\ufeff${[peruHeader, ...peruRows].map(csvLine).join('\r\n')}\r\n`);
    expect(await collect(readVoteRows(xlsx))).toEqual(peruExpected);
    expect(await collect(readVoteRows(csv))).toEqual(peruExpected);
  });

  it('openVoteRows reports format and header before any row is read', async () => {
    const file = tmp.path('open.xlsx');
    await writeXlsx(file, [peruHeader, ...peruRows]);
    const opened = await openVoteRows(file);
    expect(opened.format).toBe('xlsx');
    expect(opened.header).toEqual(peruHeader);
    expect((await opened.rows.next()).value).toEqual(peruExpected[0]);
    await opened.rows.return(undefined);
  });

  it('rejects a row with values past the header but counts the rest', async () => {
    const file = tmp.file('shifted.csv', 'region,candidate\nLima,Pérez, Ana\nLima,Bob,,\n');
    expect(await collect(readVoteRows(file))).toEqual([
      { row: 2, error: 'more values than header columns' },
      { row: 3, vote: expect.objectContaining({ region: 'Lima', candidate: 'Bob' }) },
    ]);
  });
});

describe('readVoteRows on the JSON vote-stream shape', () => {
  const votes = [
    { vote_id: 'v1', timestamp: '2024-11-05T10:00:00Z', state: 'Ohio', candidate: 'Candidate A', age_group: '18-24', vote_count: 1 },
    { vote_id: 'v2', timestamp: '2024-11-05T10:00:01Z', state: 'Texas', candidate: 'Candidate B', age_group: '65+', vote_count: 12 },
  ];
  const expected: ParsedRow[] = [
    { row: 1, vote: { contest: '', station: '', region: 'Ohio', province: '', district: '', candidate: 'Candidate A', status: 'valid', votes: 1, voterId: 'v1', extra: { timestamp: '2024-11-05T10:00:00Z', age_group: '18-24' } } },
    { row: 2, vote: { contest: '', station: '', region: 'Texas', province: '', district: '', candidate: 'Candidate B', status: 'valid', votes: 12, voterId: 'v2', extra: { timestamp: '2024-11-05T10:00:01Z', age_group: '65+' } } },
  ];

  it('reads json and ndjson alike', async () => {
    const json = tmp.file('votes.json', JSON.stringify(votes, null, 2));
    const ndjson = tmp.file('votes.ndjson', votes.map((v) => JSON.stringify(v)).join('\n'));
    expect(await collect(readVoteRows(json))).toEqual(expected);
    expect(await collect(readVoteRows(ndjson))).toEqual(expected);
    expect((await openVoteRows(ndjson)).format).toBe('ndjson');
  });

  it('checks the header on the first object only; later objects missing a field are row errors', async () => {
    const file = tmp.file('later.json', JSON.stringify([{ state: 'Ohio', candidate: 'A' }, { candidate: 'B' }, { state: 'Utah', candidate: 'C', region: 'x' }]));
    expect(await collect(readVoteRows(file))).toEqual([
      { row: 1, vote: expect.objectContaining({ region: 'Ohio' }) },
      { row: 2, error: 'missing region' },
      { row: 3, error: expect.stringMatching(/two columns are the region/) },
    ]);
  });

  it('keeps leading non-object rows as row errors before the first object', async () => {
    const file = tmp.file('leading.ndjson', '{"state":"Ohio",\n{"state":"Ohio","candidate":"A"}\n');
    expect(await collect(readVoteRows(file))).toEqual([
      { row: 1, error: 'not valid JSON' },
      { row: 2, vote: expect.objectContaining({ region: 'Ohio' }) },
    ]);
  });

  it('keeps __proto__ and constructor keys as data without polluting anything', async () => {
    const file = tmp.file('proto.ndjson', '{"state":"Ohio","candidate":"A","__proto__":{"polluted":"yes"},"constructor":"c","prototype":"p"}\n');
    const [row] = await collect(readVoteRows(file));
    expect(row.vote!.extra).toEqual(Object.assign(Object.create(null), { ['__proto__']: '{"polluted":"yes"}', constructor: 'c', prototype: 'p' }));
    expect(Object.getPrototypeOf(row.vote!.extra)).toBeNull();
    expect(JSON.parse(JSON.stringify(row.vote!.extra))).toHaveProperty('constructor', 'c');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});

describe('readVoteRows refuses whole files', () => {
  it('with a bad header, eagerly in openVoteRows', async () => {
    const csv = tmp.file('noregion.csv', 'provincia,candidato\nLima,A\n');
    expect(await errorOf(() => openVoteRows(csv))).toMatchObject({ code: 'bad_header', message: expect.stringMatching(/region/) });
    const json = tmp.file('noregion.json', JSON.stringify([{ timestamp: 1, candidate: 'A' }]));
    expect(await errorOf(() => openVoteRows(json))).toMatchObject({ code: 'bad_header' });
    const xlsx = tmp.path('nocandidate.xlsx');
    await writeXlsx(xlsx, [['Región', 'provincia'], ['Lima', 'Lima']]);
    expect(await errorOf(() => openVoteRows(xlsx))).toMatchObject({ code: 'bad_header', message: expect.stringMatching(/candidate/) });
  });

  it('without any record, or NDJSON with no line that is an object', async () => {
    expect(await errorOf(() => openVoteRows(tmp.file('empty.json', '[]')))).toMatchObject({ code: 'empty_file' });
    expect(await errorOf(() => openVoteRows(tmp.file('empty.csv', '')))).toMatchObject({ code: 'empty_file' });
    const pretty = tmp.file('pretty.json', '{\n  "votes": [\n    {"state": "Ohio"}\n  ]\n}\n');
    expect(await errorOf(() => openVoteRows(pretty))).toMatchObject({ code: 'corrupt_file', message: expect.stringMatching(/NDJSON/) });
    const noObjects = tmp.file('no-objects.ndjson', '{"a": \n[1]\n"x"\n');
    expect(await errorOf(() => openVoteRows(noObjects))).toMatchObject({ code: 'corrupt_file', message: expect.stringMatching(/NDJSON/) });
    expect(await errorOf(() => openVoteRows(tmp.file('scalars.json', '[1, 2, 3]')))).toMatchObject({ code: 'bad_header' });
  });

  it('whose structure breaks after some rows were read', async () => {
    const file = tmp.file('truncated.json', '[{"state":"Ohio","candidate":"A"},{"state":"Tex');
    const seen: ParsedRow[] = [];
    const err = await errorOf(async () => {
      for await (const row of readVoteRows(file)) seen.push(row);
    });
    expect(err).toMatchObject({ code: 'corrupt_file' });
    expect(seen).toHaveLength(1);
  });

  it('past the limits given', async () => {
    const file = tmp.file('limit.csv', 'region,candidate\nLima,A\nLima,B\nLima,C\n');
    expect(await errorOf(() => collect(readVoteRows(file, { limits: { maxRows: 2 } })))).toMatchObject({ code: 'too_many_rows' });
    expect(await collect(readVoteRows(file, { limits: { maxRows: 3, maxCellLength: undefined } }))).toHaveLength(3);
  });

  it('that are not a known format', async () => {
    expect(await errorOf(() => openVoteRows(tmp.file('x.pdf', '%PDF-1.4\n')))).toMatchObject({ code: 'unknown_format' });
  });
});
