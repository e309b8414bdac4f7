import { afterAll, describe, expect, it } from 'vitest';
import { detectFormat } from '../../../lib/ingest/detectFormat';
import { writeXlsx } from '../../../lib/xlsx/writeXlsx';
import { errorOf, makeTempDir } from './fixtureFiles';

const tmp = makeTempDir();
afterAll(() => tmp.remove());

describe('detectFormat', () => {
  it('recognises an xlsx by its zip magic, whatever the name', async () => {
    const file = tmp.path('results.csv');
    await writeXlsx(file, [['region', 'candidate'], ['Lima', 'A']]);
    expect(await detectFormat(file)).toBe('xlsx');
  });

  it('recognises csv with comma or semicolon, with a BOM or leading blank lines', async () => {
    expect(await detectFormat(tmp.file('a.json', 'region,candidate\nLima,A\n'))).toBe('csv');
    expect(await detectFormat(tmp.file('b.txt', '\ufeffregión;candidato\r\nLima;A\r\n'))).toBe('csv');
    expect(await detectFormat(tmp.file('c', '\n\n  region,candidate\n'))).toBe('csv');
  });

  it('recognises a JSON array and NDJSON by their first character', async () => {
    expect(await detectFormat(tmp.file('d.csv', '\ufeff  \n[{"state":"Ohio"}]'))).toBe('json');
    expect(await detectFormat(tmp.file('e.json', '{"state":"Ohio"}\n{"state":"Texas"}\n'))).toBe('ndjson');
  });

  it('refuses empty and blank files as empty_file', async () => {
    expect(await errorOf(() => detectFormat(tmp.file('empty.csv', '')))).toMatchObject({ code: 'empty_file' });
    expect(await errorOf(() => detectFormat(tmp.file('blank.csv', '\ufeff \r\n\t\n')))).toMatchObject({ code: 'empty_file' });
  });

  it('refuses a PDF, binary junk, legacy xls, UTF-16 and text without a delimited header', async () => {
    const pdf = tmp.file('r.xlsx', '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n');
    expect(await errorOf(() => detectFormat(pdf))).toMatchObject({ code: 'unknown_format', message: expect.stringMatching(/PDF/) });

    const junk = new Uint8Array(4096);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919 + 13) & 0xff;
    expect(await errorOf(() => detectFormat(tmp.file('junk.csv', junk)))).toMatchObject({ code: 'unknown_format' });

    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    expect(await errorOf(() => detectFormat(tmp.file('old.xls', xls)))).toMatchObject({ code: 'unknown_format', message: expect.stringMatching(/xls/) });

    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('region,candidate\n', 'utf16le')]);
    expect(await errorOf(() => detectFormat(tmp.file('u16.csv', utf16)))).toMatchObject({ code: 'unknown_format', message: expect.stringMatching(/UTF-16/) });

    const latin1 = Buffer.from('región,candidato\nÁncash,A\n', 'latin1');
    expect(await errorOf(() => detectFormat(tmp.file('latin1.csv', latin1)))).toMatchObject({ code: 'unknown_format' });

    expect(await errorOf(() => detectFormat(tmp.file('word.txt', 'hello\nworld\n')))).toMatchObject({ code: 'unknown_format' });
  });

  it('accepts a multi-byte character cut at the end of the sample', async () => {
    const header = 'region,candidate\n'; // 17 bytes, then 2-byte characters: byte 65 536 is mid-character
    const filler = 'Á'.repeat(40_000);
    expect(await detectFormat(tmp.file('long.csv', `${header}${filler}\n`))).toBe('csv');
  });
});
