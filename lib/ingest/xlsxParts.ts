import { posix } from 'node:path';
import type { BoundedZip } from './boundedZip';
import { IngestError } from './types';
import { localName, parseXmlEntry } from './xmlEntry';

export interface XlsxParts {
  /** Zip entry of the first worksheet. */
  sheet: string;
  /** Zip entry of the shared strings table; null when the workbook has none. */
  sharedStrings: string | null;
}

const FALLBACK_SHEET = 'xl/worksheets/sheet1.xml';
const FALLBACK_SHARED_STRINGS = 'xl/sharedStrings.xml';

/** Finds the first worksheet (workbook order, through the workbook's relationships) and the shared strings. */
export async function locateXlsxParts(zip: BoundedZip): Promise<XlsxParts> {
  const workbook = zip.find('xl/workbook.xml');
  if (!workbook) throw new IngestError('corrupt_file', 'the zip archive is not an xlsx workbook (it has no xl/workbook.xml)');

  const firstSheetRelId = await readFirstSheetRelId(zip, workbook);
  const relsName = zip.find('xl/_rels/workbook.xml.rels');
  const rels = relsName ? await readRelationships(zip, relsName) : [];

  const sheetRel = rels.find((r) => r.id === firstSheetRelId);
  const sheet = (sheetRel && zip.find(resolveTarget(sheetRel.target))) ?? zip.find(FALLBACK_SHEET);
  if (!sheet) throw new IngestError('corrupt_file', 'the workbook has no worksheet');

  const stringsRel = rels.find((r) => r.type.endsWith('/sharedStrings'));
  const sharedStrings = (stringsRel && zip.find(resolveTarget(stringsRel.target))) ?? zip.find(FALLBACK_SHARED_STRINGS);
  return { sheet, sharedStrings };
}

async function readFirstSheetRelId(zip: BoundedZip, workbook: string): Promise<string | null> {
  let relId: string | null = null;
  let found = false;
  for await (const _ of parseXmlEntry(zip, workbook, (parser) => {
    parser.on('opentag', (tag) => {
      if (found || localName(tag.name) !== 'sheet') return;
      found = true;
      relId = relationshipIdOf(tag.attributes as Record<string, string>);
    });
  })) {
    if (found) break;
  }
  return relId;
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
