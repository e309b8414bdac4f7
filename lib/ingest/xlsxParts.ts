import { posix } from 'node:path';
import type { BoundedZip } from './boundedZip';
import { IngestError } from './types';
import { parseXmlEntry } from './xmlEntry';
import { attribute } from './xmlTokenizer';

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
  const open = (name: string, attrs: readonly string[]) => {
    if (name !== 'sheet' || sheets.length >= 1000) return;
    // `r:id`, whatever prefix the relationships namespace got (the tokenizer gives local names).
    sheets.push({ name: attribute(attrs, 'name') ?? `Sheet${sheets.length + 1}`, relId: attribute(attrs, 'id') ?? null });
  };
  for await (const _ of parseXmlEntry(zip, workbook, { open }));
  return sheets;
}

interface Relationship {
  id: string;
  type: string;
  target: string;
}

async function readRelationships(zip: BoundedZip, name: string): Promise<Relationship[]> {
  const rels: Relationship[] = [];
  const open = (tag: string, attrs: readonly string[]) => {
    if (tag !== 'Relationship') return;
    const id = attribute(attrs, 'Id');
    const target = attribute(attrs, 'Target');
    if (id !== undefined && target !== undefined) rels.push({ id, type: attribute(attrs, 'Type') ?? '', target });
  };
  for await (const _ of parseXmlEntry(zip, name, { open }));
  return rels;
}

/** Relationship targets are relative to xl/ unless absolute within the package. */
function resolveTarget(target: string): string {
  return target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join('xl', target));
}
