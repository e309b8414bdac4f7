import { readFileSync } from 'node:fs';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { readXlsx } from '../../../lib/ingest/readXlsx';
import { resolveLimits } from '../../../lib/ingest/rowLimits';
import { writeXlsx } from '../../../lib/xlsx/writeXlsx';
import { collect, errorOf, makeTempDir } from './fixtureFiles';

const tmp = makeTempDir();
afterAll(() => tmp.remove());
const limits = resolveLimits();

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** An xlsx package around hand-written part XML, as other writers (Excel, openpyxl, exporters) produce them. */
function handmadeXlsx(parts: { sheets: Record<string, string>; sharedStrings?: string; firstSheet?: string }): Uint8Array {
  const names = Object.keys(parts.sheets);
  const order = parts.firstSheet ? [parts.firstSheet, ...names.filter((n) => n !== parts.firstSheet)] : names;
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    'xl/workbook.xml': strToU8(
      `<?xml version="1.0"?><workbook xmlns="${MAIN}" xmlns:rel="${REL}"><sheets>` +
        order.map((n, i) => `<sheet name="S${i}" sheetId="${i + 1}" rel:id="r_${n}"/>`).join('') +
        '</sheets></workbook>',
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        names.map((n) => `<Relationship Id="r_${n}" Type="${REL}/worksheet" Target="/xl/worksheets/${n}.xml"/>`).join('') +
        (parts.sharedStrings ? `<Relationship Id="ss" Type="${REL}/sharedStrings" Target="strings.xml"/>` : '') +
        '</Relationships>',
    ),
  };
  for (const n of names) files[`xl/worksheets/${n}.xml`] = strToU8(parts.sheets[n]);
  if (parts.sharedStrings) files['xl/strings.xml'] = strToU8(parts.sharedStrings);
  return zipSync(files);
}

const sheet = (rows: string) => `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>${rows}</sheetData></worksheet>`;

describe('writeXlsx → readXlsx round trip', () => {
  const rows = [
    ['Región', 'provincia', 'dni', 'candidato', 'esválido', 'votes', 'note'],
    ['Áncash', 'Huaraz', 12345678, 'Ana & <Bob> "Jr"', true, 3, '  padded  '],
    ['Lima', null, 87654321, 'Carla', false, 0.5, undefined],
    [],
    ['Cusco', '', -7, 'Eve', 1, 1e6, 'línea 1\nlínea 2'],
  ];
  const expected = [
    { row: 1, header: ['Región', 'provincia', 'dni', 'candidato', 'esválido', 'votes', 'note'] },
    { row: 2, cells: ['Áncash', 'Huaraz', '12345678', 'Ana & <Bob> "Jr"', '1', '3', '  padded  '] },
    { row: 3, cells: ['Lima', '', '87654321', 'Carla', '0', '0.5'] },
    { row: 5, cells: ['Cusco', '', '-7', 'Eve', '1', '1000000', 'línea 1\nlínea 2'] },
  ];

  it('with inline strings', async () => {
    const file = tmp.path('inline.xlsx');
    await writeXlsx(file, rows);
    expect(await collect(readXlsx(file, limits))).toEqual(expected);
  });

  it('with shared strings', async () => {
    const file = tmp.path('shared.xlsx');
    await writeXlsx(file, rows, { sharedStrings: true, sheetName: 'Votos: [Perú]' });
    expect(await collect(readXlsx(file, limits))).toEqual(expected);
  });

  it('streams a large sheet (rows generated lazily)', async () => {
    const file = tmp.path('large.xlsx');
    function* generated() {
      yield ['region', 'candidate', 'votes'];
      for (let i = 0; i < 30_000; i++) yield [`R${i % 25}`, `C${i % 4}`, i];
    }
    await writeXlsx(file, generated(), { level: 1, sharedStrings: true });
    let count = 0;
    let last: unknown;
    for await (const record of readXlsx(file, limits)) {
      count++;
      last = record;
    }
    expect(count).toBe(30_001);
    expect(last).toEqual({ row: 30_001, cells: ['R24', 'C3', '29999'] });
  });
});

describe('readXlsx on workbooks from other writers', () => {
  it('follows the workbook to its first sheet and reads every cell type', async () => {
    const sharedStrings =
      `<sst xmlns="${MAIN}"><si><t>region</t></si><si><t>candidate</t></si>` +
      '<si><r><rPr><b/></rPr><t>Ána</t></r><r><t xml:space="preserve"> María</t></r><rPh sb="0" eb="1"><t>ふりがな</t></rPh></si>' +
      '<si><t>Tom &amp; Jerry &#8211; &lt;x&gt;</t></si></sst>';
    const first = sheet(
      '<row r="3"><c r="A3" t="s"><v>0</v></c><c r="C3" t="s"><v>1</v></c><c r="D3" t="inlineStr"><is><t>extra</t></is></c></row>' +
        '<row r="4" spans="1:4"><c r="A4" t="inlineStr"><is><r><t>Li</t></r><r><t>ma</t></r></is></c><c r="C4" t="s"><v>2</v></c><c r="D4"><v>1.0</v></c></row>' +
        '<row r="5"><c r="A5" t="str"><f>A4</f><v>Lima</v></c><c r="C5" t="s"><v>3</v></c><c r="D5"><v>1.2345678E7</v></c></row>' +
        '<row r="6"><c r="A6" t="b"><v>1</v></c><c r="B6" s="2"/><c r="C6" t="e"><v>#N/A</v></c><c r="D6"><v>0.25</v></c><c r="Z6" s="3"/></row>' +
        '<row r="7"><c r="B7" s="1"/></row>',
    );
    const file = tmp.file('other.xlsx', handmadeXlsx({ sheets: { data: first, other: sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>wrong sheet</t></is></c></row>') }, sharedStrings, firstSheet: 'data' }));
    expect(await collect(readXlsx(file, limits))).toEqual([
      { row: 3, header: ['region', '', 'candidate', 'extra'] },
      { row: 4, cells: ['Lima', '', 'Ána María', '1'] },
      { row: 5, cells: ['Lima', '', 'Tom & Jerry – <x>', '12345678'] },
      { row: 6, cells: ['1', '', '#N/A', '0.25'] },
    ]);
  });

  it('reads namespace-prefixed XML and cells without references', async () => {
    const prefixed =
      `<x:worksheet xmlns:x="${MAIN}"><x:sheetData>` +
      '<x:row><x:c t="inlineStr"><x:is><x:t>region</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>candidate</x:t></x:is></x:c></x:row>' +
      '<x:row><x:c t="inlineStr"><x:is><x:t>Piura</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>B</x:t></x:is></x:c></x:row>' +
      '</x:sheetData></x:worksheet>';
    const file = tmp.file('prefixed.xlsx', handmadeXlsx({ sheets: { s: prefixed } }));
    expect(await collect(readXlsx(file, limits))).toEqual([
      { row: 1, header: ['region', 'candidate'] },
      { row: 2, cells: ['Piura', 'B'] },
    ]);
  });

  it('applies maxColumns to cells with values only, and maxRows and maxCellLength', async () => {
    const styledFarRight = sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="XFD1" s="1"/></row>');
    expect(await collect(readXlsx(tmp.file('styled.xlsx', handmadeXlsx({ sheets: { s: styledFarRight } })), resolveLimits({ maxColumns: 5 })))).toHaveLength(1);

    const valueFarRight = sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="XFD1"><v>1</v></c></row>');
    const wide = tmp.file('wide.xlsx', handmadeXlsx({ sheets: { s: valueFarRight } }));
    expect(await errorOf(() => collect(readXlsx(wide, resolveLimits({ maxColumns: 5 }))))).toMatchObject({ code: 'too_many_columns' });

    const file = tmp.path('rows.xlsx');
    await writeXlsx(file, [['a'], ['x'.repeat(50)], ['2'], ['3']]);
    expect(await errorOf(() => collect(readXlsx(file, resolveLimits({ maxRows: 2 }))))).toMatchObject({ code: 'too_many_rows' });
    expect(await errorOf(() => collect(readXlsx(file, resolveLimits({ maxCellLength: 10 }))))).toMatchObject({ code: 'cell_too_long' });
  });
});

describe('readXlsx refuses damaged workbooks', () => {
  it('a zip that is not an xlsx', async () => {
    const file = tmp.file('photos.xlsx', zipSync({ 'readme.txt': strToU8('hello'), 'img/a.png': new Uint8Array(10) }));
    expect(await errorOf(() => collect(readXlsx(file, limits)))).toMatchObject({ code: 'corrupt_file', message: expect.stringMatching(/not an xlsx/) });
  });

  it('a truncated file, cut anywhere', async () => {
    const file = tmp.path('full.xlsx');
    await writeXlsx(file, [['region', 'candidate'], ...Array.from({ length: 2000 }, (_, i) => [`R${i}`, `C${i}`])]);
    const size = readFileSync(file).length;
    for (const keep of [Math.floor(size / 2), size - 30, size - 1, 40]) {
      const cut = tmp.file(`cut-${keep}.xlsx`, readFileSync(file).subarray(0, keep));
      expect(await errorOf(() => collect(readXlsx(cut, limits)))).toMatchObject({ code: 'corrupt_file' });
    }
  });

  it('a sheet whose XML is cut short or malformed, or whose deflate data is damaged', async () => {
    const cutXml = sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>region</t></is></c></row>').slice(0, -30);
    expect(await errorOf(() => collect(readXlsx(tmp.file('cutxml.xlsx', handmadeXlsx({ sheets: { s: cutXml } })), limits)))).toMatchObject({ code: 'corrupt_file' });

    const badEntity = sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>a &bogus; b</t></is></c></row>');
    expect(await errorOf(() => collect(readXlsx(tmp.file('entity.xlsx', handmadeXlsx({ sheets: { s: badEntity } })), limits)))).toMatchObject({ code: 'corrupt_file' });

    const missingString = sheet('<row r="1"><c r="A1" t="s"><v>7</v></c></row>');
    expect(await errorOf(() => collect(readXlsx(tmp.file('sst.xlsx', handmadeXlsx({ sheets: { s: missingString } })), limits)))).toMatchObject({ code: 'corrupt_file' });

    const good = tmp.path('flip.xlsx');
    await writeXlsx(good, [['region', 'candidate'], ...Array.from({ length: 5000 }, (_, i) => [`Region ${i}`, `Candidate ${i * 7}`])]);
    const bytes = readFileSync(good);
    const sheetAt = bytes.indexOf('xl/worksheets/sheet1.xml') + 'xl/worksheets/sheet1.xml'.length;
    for (let i = sheetAt + 200; i < sheetAt + 400; i++) bytes[i] ^= 0x5a;
    const flipped = tmp.file('flipped.xlsx', bytes);
    expect(await errorOf(() => collect(readXlsx(flipped, limits)))).toMatchObject({ code: 'corrupt_file' });
  });

  it('a stored (uncompressed) sheet altered after zipping fails its checksum', async () => {
    const text = sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>region</t></is></c><c r="B1" t="inlineStr"><is><t>candidate</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>Lima</t></is></c><c r="B2" t="inlineStr"><is><t>Ana</t></is></c></row>');
    const zipped = Buffer.from(zipSync(unzipSync(handmadeXlsx({ sheets: { s: text } })), { level: 0 }));
    const at = zipped.indexOf('>Ana<');
    zipped.write('>Bob<', at);
    const file = tmp.file('altered.xlsx', zipped);
    expect(await errorOf(() => collect(readXlsx(file, limits)))).toMatchObject({ code: 'corrupt_file', message: expect.stringMatching(/checksum/) });
  });
});
