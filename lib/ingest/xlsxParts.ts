import { posix } from 'node:path';
import type { BoundedZip } from './boundedZip';
import { IngestError } from './types';
import { localName, parseXmlEntry } from './xmlEntry';

export interface XlsxParts {
  /** Zip entry of the chosen (default: first) worksheet. */
  sheet: string;
  /** Names of all worksheets, in workbook order. */
  sheets: string[];
  /** Zip entry of the shared strings table; null when the workbook has none. */
  sharedStrings: string | null;
}

const FALLBACK_SHEET = 'xl/worksheets/sheet1.xml';
const FALLBACK_SHARED_STRINGS = 'xl/sharedStrings.xml';

/**
 * Finds the worksheet named `sheetName` (default: the first in workbook order, through the workbook's
 * relationships) and the shared strings. An unknown sheet name is refused, naming the sheets there are.
 */
export async function locateXlsxParts(zip: BoundedZip, sheetName?: string): Promise<XlsxParts> {
  const workbook = zip.find('xl/workbook.xml');
  if (!workbook) throw new IngestError('corrupt_file', 'the zip archive is not an xlsx workbook (it has no xl/workbook.xml)');

  const listed = await readSheetList(zip, workbook);
  const chosen = sheetName === undefined ? listed[0] : listed.find((s) => s.name === sheetName);
  if (sheetName !== undefined && !chosen) {
    throw new IngestError('unknown_sheet', `the workbook has no sheet "${sheetName}"; its sheets: ${listed.map((s) => s.name).join(', ')}`);
  }
  const relsName = zip.find('xl/_rels/workbook.xml.rels');
  const rels = relsName ? await readRelationships(zip, relsName) : [];

  const sheetRel = rels.find((r) => r.id === chosen?.relId);
  const sheet = (sheetRel && zip.find(resolveTarget(sheetRel.target))) ?? zip.find(FALLBACK_SHEET);
  if (!sheet) throw new IngestError('corrupt_file', 'the workbook has no worksheet');

  const stringsRel = rels.find((r) => r.type.endsWith('/sharedStrings'));
  const sharedStrings = (stringsRel && zip.find(resolveTarget(stringsRel.target))) ?? zip.find(FALLBACK_SHARED_STRINGS);
  return { sheet, sheets: listed.map((s) => s.name), sharedStrings };
}

/** The workbook's sheets in order: name and relationship id (a workbook lists a few, so reading it whole is fine). */
async function readSheetList(zip: BoundedZip, workbook: string): Promise<{ name: string; relId: string | null }[]> {
  const sheets: { name: string; relId: string | null }[] = [];
  for await (const _ of parseXmlEntry(zip, workbook, (parser) => {
    parser.on('opentag', (tag) => {
      if (localName(tag.name) !== 'sheet' || sheets.length >= 1000) return;
      const a = tag.attributes as Record<string, string>;
      sheets.push({ name: a.name ?? `Sheet${sheets.length + 1}`, relId: relationshipIdOf(a) });
    });
  }));
  return sheets;
}

/** The `r:id` attribute, whatever prefix the relationships namespace got. */
function relationshipIdOf(attributes: Record<string, string>): string | null {
  if (attributes['r:id'] !== undefined) return attributes['r:id'];
  for (const key of Object.keys(attributes)) if (key.endsWith(':id')) return attributes[key];
  return null;
}

interface Relationship {
  id: string;
  type: string;
  target: string;
}

async function readRelationships(zip: BoundedZip, name: string): Promise<Relationship[]> {
  const rels: Relationship[] = [];
  for await (const _ of parseXmlEntry(zip, name, (parser) => {
    parser.on('opentag', (tag) => {
      if (localName(tag.name) !== 'Relationship') return;
      const a = tag.attributes as Record<string, string>;
      if (a.Id !== undefined && a.Target !== undefined) rels.push({ id: a.Id, type: a.Type ?? '', target: a.Target });
    });
  }));
  return rels;
}

/** Relationship targets are relative to xl/ unless absolute within the package. */
function resolveTarget(target: string): string {
  return target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join('xl', target));
}
