import type { BoundedZip } from './boundedZip';
import type { RowLimiter } from './rowLimits';
import { parseXmlEntry } from './xmlEntry';

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
  const handler = {
    openLazy(tag: string) {
      switch (tag) {
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
    },
    text(t: string) {
      if (inText) text += t;
    },
    close(tag: string) {
      switch (tag) {
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
    },
  };
  for await (const _ of parseXmlEntry(zip, name, handler));
  return strings;
}
