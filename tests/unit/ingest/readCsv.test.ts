import { afterAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../../lib/ingest/readCsv';
import { resolveLimits } from '../../../lib/ingest/rowLimits';
import { collect, errorOf, makeTempDir } from './fixtureFiles';

const tmp = makeTempDir();
afterAll(() => tmp.remove());
const limits = resolveLimits();

describe('readCsv', () => {
  it('reads BOM + CRLF + semicolons with quoted delimiters, quotes and newlines', async () => {
    const file = tmp.file(
      'peru.csv',
      '\ufeffregion;provincia;candidato\r\n' +
        'Lima;"Lima; Metropolitana";"Pérez, ""Ana"""\r\n' +
        'Cusco;Urubamba;"line one\r\nline two"\r\n',
    );
    expect(await collect(readCsv(file, limits))).toEqual([
      { row: 1, header: ['region', 'provincia', 'candidato'] },
      { row: 2, cells: ['Lima', 'Lima; Metropolitana', 'Pérez, "Ana"'] },
      { row: 3, cells: ['Cusco', 'Urubamba', 'line one\r\nline two'] },
    ]);
  });

  it('picks the comma when the header has more commas than semicolons', async () => {
    const file = tmp.file('us.csv', 'state,candidate,note\nOhio,A,"x;y"\n');
    expect(await collect(readCsv(file, limits))).toEqual([
      { row: 1, header: ['state', 'candidate', 'note'] },
      { row: 2, cells: ['Ohio', 'A', 'x;y'] },
    ]);
  });

  it('follows an Excel "sep=" hint line, which a spreadsheet does not show as a row', async () => {
    const file = tmp.file('sep.csv', '\ufeffsep=;\r\nregion;candidate,x\r\nLima;A,B\r\n');
    expect(await collect(readCsv(file, limits))).toEqual([
      { row: 1, header: ['region', 'candidate,x'] },
      { row: 2, cells: ['Lima', 'A,B'] },
    ]);
  });

  it('skips blank lines but keeps counting them, as a spreadsheet numbers rows', async () => {
    const file = tmp.file('gaps.csv', '\nregion,candidate\nLima,A\n\n,\nCusco,B\n');
    expect(await collect(readCsv(file, limits))).toEqual([
      { row: 2, header: ['region', 'candidate'] },
      { row: 3, cells: ['Lima', 'A'] },
      { row: 6, cells: ['Cusco', 'B'] },
    ]);
  });

  it('tolerates short and long rows (the mapper judges them)', async () => {
    const file = tmp.file('ragged.csv', 'a,b,c\n1\n1,2,3,4\n');
    expect((await collect(readCsv(file, limits))).slice(1)).toEqual([
      { row: 2, cells: ['1'] },
      { row: 3, cells: ['1', '2', '3', '4'] },
    ]);
  });

  it('applies maxRows, maxColumns and maxCellLength', async () => {
    const rows = tmp.file('rows.csv', 'a,b\n1,2\n3,4\n5,6\n');
    expect(await errorOf(() => collect(readCsv(rows, resolveLimits({ maxRows: 2 }))))).toMatchObject({ code: 'too_many_rows' });
    expect(await collect(readCsv(rows, resolveLimits({ maxRows: 3 })))).toHaveLength(4);

    const wide = tmp.file('wide.csv', 'a,b,c,d\n1,2,3,4\n');
    expect(await errorOf(() => collect(readCsv(wide, resolveLimits({ maxColumns: 3 }))))).toMatchObject({ code: 'too_many_columns' });

    const long = tmp.file('long.csv', `a,b\n1,${'x'.repeat(101)}\n`);
    expect(await errorOf(() => collect(readCsv(long, resolveLimits({ maxCellLength: 100 }))))).toMatchObject({ code: 'cell_too_long' });
  });

  it('refuses an unclosed quote without reading the rest of the file into one record', async () => {
    const file = tmp.file('open-quote.csv', `a,b\n1,"never closed\n${'2,3\n'.repeat(5000)}`);
    const err = await errorOf(() => collect(readCsv(file, resolveLimits({ maxCellLength: 100, maxColumns: 10 }))));
    expect(err.code).toBe('cell_too_long');
    const short = tmp.file('open-quote-short.csv', 'a,b\n1,"never closed\n2,3\n');
    expect(await errorOf(() => collect(readCsv(short, limits)))).toMatchObject({ code: 'corrupt_file' });
  });

  it('refuses a line of endless delimiters and text that is not UTF-8', async () => {
    const commas = tmp.file('commas.csv', `a,b\n${','.repeat(200_000)}\n`);
    expect(await errorOf(() => collect(readCsv(commas, resolveLimits({ maxCellLength: 100, maxColumns: 10 }))))).toMatchObject({
      code: 'cell_too_long',
    });
    // ASCII start, then Latin-1 far past the detection sample: must not become U+FFFD in a region name
    const latin1 = tmp.file('latin1.csv', Buffer.concat([Buffer.from(`region,candidate\n${'Lima,A\n'.repeat(20_000)}`), Buffer.from('Áncash,B\n', 'latin1')]));
    expect(await errorOf(() => collect(readCsv(latin1, limits)))).toMatchObject({ code: 'corrupt_file', message: expect.stringMatching(/UTF-8/) });
  });

  it('keeps multi-byte characters split across read chunks intact', async () => {
    const body = 'Áncash,Ñuñoa\n'.repeat(50_000); // > 256 KiB: several chunks, boundaries inside characters
    const records = await collect(readCsv(tmp.file('utf8.csv', `region,candidate\n${body}`), limits));
    expect(records).toHaveLength(50_001);
    expect(records.every((r) => r.header !== undefined || (r.cells[0] === 'Áncash' && r.cells[1] === 'Ñuñoa'))).toBe(true);
  });
});
