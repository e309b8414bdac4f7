import type { BoundedZip } from './boundedZip';
import type { RowLimiter } from './rowLimits';
import { localName, parseXmlEntry } from './xmlEntry';

/**
 * Loads the shared strings table: one string per <si>, its rich-text runs (<r><t>) concatenated and phonetic
 * hints (<rPh>) left out. Held in memory because cells refer to it by index; the zip limits bound its size.
 */
export async function readSharedStrings(zip: BoundedZip, name: string, limiter: RowLimiter): Promise<string[]> {
  const strings: string[] = [];
  let inItem = false;
  let inPhonetic = false;
  let inText = false;
  let text = '';
  for await (const _ of parseXmlEntry(zip, name, (parser) => {
    parser.on('opentag', (tag) => {
      switch (localName(tag.name)) {
        case 'si':
          inItem = true;
          text = '';
          break;
        case 'rPh':
          inPhonetic = true;
          break;
        case 't':
          inText = inItem && !inPhonetic;
          break;
      }
    });
    parser.on('text', (t) => {
      if (inText) text += t;
    });
    parser.on('cdata', (t) => {
      if (inText) text += t;
    });
    parser.on('closetag', (tag) => {
      switch (localName(tag.name)) {
        case 'si':
          inItem = false;
          // A string no cell may hold is refused when a cell uses it; here only its memory matters.
          strings.push(text.length > limiter.limits.maxCellLength ? text.slice(0, limiter.limits.maxCellLength + 1) : text);
          text = '';
          break;
        case 'rPh':
          inPhonetic = false;
          break;
        case 't':
          inText = false;
          break;
      }
    });
  }));
  return strings;
}
