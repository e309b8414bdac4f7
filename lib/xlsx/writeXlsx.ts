import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { Zip, ZipDeflate } from 'fflate';

export type XlsxCell = string | number | boolean | null | undefined;

export interface WriteXlsxOptions {
  /** Worksheet name (Excel's rules applied: at most 31 characters, none of []:*?/\). Default "Sheet1". */
  sheetName?: string;
  /** Store strings in a shared strings table (as Excel does) instead of inline in the cells. Default false. */
  sharedStrings?: boolean;
  /** Deflate level 0-9. Default 6; 1 is much faster for large generated files. */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
}

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
// Entry times fixed (the zip epoch), so the same rows always make the same bytes.
const FIXED_MTIME = new Date(1980, 0, 1);

function zipEntry(name: string, level: WriteXlsxOptions['level']): ZipDeflate {
  const entry = new ZipDeflate(name, { level });
  entry.mtime = FIXED_MTIME;
  return entry;
}

// Rows are buffered into pieces of about this many characters before deflating.
const PIECE_CHARS = 64 * 1024;

/**
 * Writes a one-sheet xlsx workbook that Excel and LibreOffice open: strings inline or shared, numbers as numbers,
 * booleans as booleans, null/undefined as empty cells. Rows are streamed (an array, or any sync/async iterable
 * of rows), so large generated files need no more memory than the zip's and, with shared strings, the table.
 */
export async function writeXlsx(
  filePath: string,
  rows: Iterable<readonly XlsxCell[]> | AsyncIterable<readonly XlsxCell[]>,
  opts: WriteXlsxOptions = {},
): Promise<void> {
  const shared = opts.sharedStrings ?? false;
  const level = opts.level ?? 6;
  const out = createWriteStream(filePath);
  let failure: Error | null = null;
  const finished = new Promise<void>((resolve, reject) => {
    out.once('finish', resolve);
    out.once('error', reject);
  });
  finished.catch(() => {}); // observed below; avoid an unhandled rejection while rows are still being written

  const zip = new Zip((err, data, final) => {
    if (err) {
      failure = err;
      out.destroy(err);
      return;
    }
    out.write(data);
    if (final) out.end();
  });
  const encoder = new TextEncoder();
  const addFile = (name: string, text: string) => {
    const file = zipEntry(name, level);
    zip.add(file);
    file.push(encoder.encode(text), true);
  };

  try {
    addFile('[Content_Types].xml', contentTypes(shared));
    addFile('_rels/.rels', packageRels());
    addFile('xl/workbook.xml', workbook(sheetNameOf(opts.sheetName)));
    addFile('xl/_rels/workbook.xml.rels', workbookRels(shared));
    addFile('xl/styles.xml', STYLES);

    const sheet = zipEntry('xl/worksheets/sheet1.xml', level);
    zip.add(sheet);
    const strings = shared ? new SharedStrings() : null;
    let piece = `${XML_DECL}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><sheetData>`;
    let rowNumber = 0;
    for await (const row of rows) {
      rowNumber++;
      piece += rowXml(row, rowNumber, strings);
      if (piece.length >= PIECE_CHARS) {
        sheet.push(encoder.encode(piece));
        piece = '';
        if (failure) throw failure;
        if (out.writableNeedDrain) await once(out, 'drain');
      }
    }
    sheet.push(encoder.encode(`${piece}</sheetData></worksheet>`), true);

    if (strings) {
      const table = zipEntry('xl/sharedStrings.xml', level);
      zip.add(table);
      for (const part of strings.xmlPieces()) table.push(encoder.encode(part));
      table.push(new Uint8Array(0), true);
    }
    zip.end();
    if (failure) throw failure;
    await finished;
  } catch (err) {
    zip.terminate();
    out.destroy();
    throw err;
  }
}

/** Shared strings in first-use order, each stored once. */
class SharedStrings {
  private readonly index = new Map<string, number>();
  private readonly list: string[] = [];
  private uses = 0;

  indexOf(text: string): number {
    this.uses++;
    let i = this.index.get(text);
    if (i === undefined) {
      i = this.list.length;
      this.index.set(text, i);
      this.list.push(text);
    }
    return i;
  }

  *xmlPieces(): Generator<string> {
    let piece = `${XML_DECL}<sst xmlns="${NS_MAIN}" count="${this.uses}" uniqueCount="${this.list.length}">`;
    for (const text of this.list) {
      piece += `<si>${textElement(text)}</si>`;
      if (piece.length >= PIECE_CHARS) {
        yield piece;
        piece = '';
      }
    }
    yield `${piece}</sst>`;
  }
}

function rowXml(row: readonly XlsxCell[], rowNumber: number, strings: SharedStrings | null): string {
  let xml = `<row r="${rowNumber}">`;
  for (let i = 0; i < row.length; i++) {
    const value = row[i];
    if (value === null || value === undefined) continue;
    const ref = `${columnName(i)}${rowNumber}`;
    if (typeof value === 'number' && Number.isFinite(value)) {
      xml += `<c r="${ref}"><v>${value}</v></c>`;
    } else if (typeof value === 'boolean') {
      xml += `<c r="${ref}" t="b"><v>${value ? 1 : 0}</v></c>`;
    } else {
      const text = String(value);
      xml += strings
        ? `<c r="${ref}" t="s"><v>${strings.indexOf(text)}</v></c>`
        : `<c r="${ref}" t="inlineStr"><is>${textElement(text)}</is></c>`;
    }
  }
  return `${xml}</row>`;
}

const COLUMN_NAMES: string[] = [];

/** 0 → "A", 26 → "AA". */
export function columnName(index: number): string {
  const cached = COLUMN_NAMES[index];
  if (cached !== undefined) return cached;
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  if (index < 1024) COLUMN_NAMES[index] = name;
  return name;
}

/** A <t> element; leading/trailing spaces need xml:space="preserve" or Excel drops them. */
function textElement(text: string): string {
  const escaped = escapeXml(text);
  const padded = /^\s|\s$/.test(text);
  return padded ? `<t xml:space="preserve">${escaped}</t>` : `<t>${escaped}</t>`;
}

// Characters XML 1.0 cannot carry at all (controls other than tab/LF/CR, U+FFFE/U+FFFF) are dropped.
const NEEDS_ESCAPE = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
const ESCAPES = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

function escapeXml(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(ESCAPES, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : ''));
}

function sheetNameOf(name: string | undefined): string {
  const cleaned = (name ?? '').replace(/[[\]:*?/\\]/g, ' ').trim().slice(0, 31).replace(/^'+|'+$/g, '');
  return cleaned.length > 0 ? cleaned : 'Sheet1';
}

function contentTypes(shared: boolean): string {
  const main = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
  return (
    `${XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="/xl/workbook.xml" ContentType="${main}.sheet.main+xml"/>` +
    `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="${main}.worksheet+xml"/>` +
    `<Override PartName="/xl/styles.xml" ContentType="${main}.styles+xml"/>` +
    (shared ? `<Override PartName="/xl/sharedStrings.xml" ContentType="${main}.sharedStrings+xml"/>` : '') +
    '</Types>'
  );
}

function packageRels(): string {
  return (
    `${XML_DECL}<Relationships xmlns="${NS_PKG_REL}">` +
    `<Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/>` +
    '</Relationships>'
  );
}

function workbook(sheetName: string): string {
  return (
    `${XML_DECL}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
    `<sheets><sheet name="${escapeXml(sheetName)}" sheetId="1" r:id="rId1"/></sheets>` +
    '</workbook>'
  );
}

function workbookRels(shared: boolean): string {
  return (
    `${XML_DECL}<Relationships xmlns="${NS_PKG_REL}">` +
    `<Relationship Id="rId1" Type="${NS_REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
    `<Relationship Id="rId2" Type="${NS_REL}/styles" Target="styles.xml"/>` +
    (shared ? `<Relationship Id="rId3" Type="${NS_REL}/sharedStrings" Target="sharedStrings.xml"/>` : '') +
    '</Relationships>'
  );
}

// The minimal stylesheet Excel accepts: one font, the two mandatory fills, one border, one cell format.
const STYLES =
  `${XML_DECL}<styleSheet xmlns="${NS_MAIN}">` +
  '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';
