import { readFile, writeFile } from 'node:fs/promises';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { writeXlsx, type XlsxCell } from '../../lib/xlsx/writeXlsx';

/**
 * An xlsx whose FIRST sheet is `first` (e.g. a cover sheet) and whose second sheet, named `secondName`, holds
 * `second`. Built from two one-sheet workbooks by adding the second's sheet part to the first's package.
 */
export async function writeTwoSheetXlsx(
  filePath: string,
  first: { name: string; rows: XlsxCell[][] },
  second: { name: string; rows: XlsxCell[][] },
): Promise<void> {
  await writeXlsx(filePath, first.rows, { sheetName: first.name });
  const a = unzipSync(await readFile(filePath));
  await writeXlsx(`${filePath}.b`, second.rows, { sheetName: second.name });
  const b = unzipSync(await readFile(`${filePath}.b`));
  a['xl/worksheets/sheet2.xml'] = b['xl/worksheets/sheet1.xml'];
  const patch = (name: string, find: string, add: string) => {
    const text = strFromU8(a[name]);
    if (!text.includes(find)) throw new Error(`${name} has no ${find}`);
    a[name] = strToU8(text.replace(find, add + find));
  };
  patch('xl/workbook.xml', '</sheets>', `<sheet name="${second.name}" sheetId="2" r:id="rId99"/>`);
  patch(
    'xl/_rels/workbook.xml.rels',
    '</Relationships>',
    '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>',
  );
  patch(
    '[Content_Types].xml',
    '</Types>',
    '<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>',
  );
  await writeFile(filePath, zipSync(a));
}
