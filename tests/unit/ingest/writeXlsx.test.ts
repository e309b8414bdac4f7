import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { readXlsx } from '../../../lib/ingest/readXlsx';
import { resolveLimits } from '../../../lib/ingest/rowLimits';
import { columnName, writeXlsx } from '../../../lib/xlsx/writeXlsx';
import { collect, makeTempDir } from './fixtureFiles';

const tmp = makeTempDir();
afterAll(() => tmp.remove());

describe('writeXlsx', () => {
  it('writes the parts a spreadsheet application needs', async () => {
    const file = tmp.path('parts.xlsx');
    await writeXlsx(file, [['a', 1]], { sharedStrings: true, sheetName: 'Resultados: [Perú]/2024 — primera vuelta' });
    const parts = unzipSync(readFileSync(file));
    expect(Object.keys(parts).sort()).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/sharedStrings.xml',
      'xl/styles.xml',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml',
    ]);
    const workbook = strFromU8(parts['xl/workbook.xml']);
    const name = /<sheet name="([^"]*)"/.exec(workbook)![1];
    expect(name.length).toBeLessThanOrEqual(31);
    expect(name).not.toMatch(/[[\]:*?/\\]/);
    expect(strFromU8(parts['[Content_Types].xml'])).toContain('/xl/sharedStrings.xml');
    expect(strFromU8(parts['xl/sharedStrings.xml'])).toContain('count="1" uniqueCount="1"');
  });

  it('escapes markup, drops characters XML cannot hold and preserves edge spaces', async () => {
    const file = tmp.path('escape.xlsx');
    await writeXlsx(file, [['<b>&amp;</b>', 'bell\u0007', ' lead', 'tab\tnew\nline']]);
    const sheet = strFromU8(unzipSync(readFileSync(file))['xl/worksheets/sheet1.xml']);
    expect(sheet).toContain('&lt;b&gt;&amp;amp;&lt;/b&gt;');
    expect(sheet).toContain('<t xml:space="preserve"> lead</t>');
    expect(await collect(readXlsx(file, resolveLimits()))).toEqual([{ row: 1, header: ['<b>&amp;</b>', 'bell', ' lead', 'tab\tnew\nline'] }]);
  });

  it('writes non-finite numbers as text and skips null cells', async () => {
    const file = tmp.path('numbers.xlsx');
    await writeXlsx(file, [['h'], [NaN, null, Infinity, 0, -1.25, 2 ** 40]]);
    expect((await collect(readXlsx(file, resolveLimits())))[1]).toEqual({ row: 2, cells: ['NaN', '', 'Infinity', '0', '-1.25', '1099511627776'] });
  });

  it('accepts async iterables of rows', async () => {
    const file = tmp.path('async.xlsx');
    async function* rows() {
      yield ['region', 'candidate'];
      yield ['Lima', 'A'];
    }
    await writeXlsx(file, rows());
    expect(await collect(readXlsx(file, resolveLimits()))).toHaveLength(2);
  });

  it('names columns past Z', () => {
    expect([0, 25, 26, 27, 51, 52, 701, 702, 16383].map(columnName)).toEqual(['A', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA', 'XFD']);
  });
});
