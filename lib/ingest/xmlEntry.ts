import { StringDecoder } from 'node:string_decoder';
import { SaxesParser } from 'saxes';
import type { BoundedZip } from './boundedZip';
import { IngestError } from './types';

export type XmlParser = SaxesParser<{ xmlns: false; position: false }>;

/**
 * Streams one zip entry through a fresh saxes parser that `listen` wires up, yielding after each chunk so the
 * caller can hand out what its handlers collected. Malformed or truncated XML becomes IngestError('corrupt_file');
 * IngestErrors thrown by the handlers (limits) pass through.
 */
export async function* parseXmlEntry(zip: BoundedZip, name: string, listen: (parser: XmlParser) => void): AsyncGenerator<void> {
  const parser: XmlParser = new SaxesParser({ xmlns: false, position: false });
  listen(parser);
  const decoder = new StringDecoder('utf8');
  try {
    for await (const chunk of zip.read(name)) {
      parser.write(decoder.write(chunk));
      yield;
    }
    parser.write(decoder.end());
    parser.close();
    yield;
  } catch (err) {
    if (err instanceof IngestError) throw err;
    throw new IngestError('corrupt_file', `the workbook is damaged: ${name} is not well-formed XML (${(err as Error).message})`);
  }
}

/** `x:row` → `row`: some writers prefix the spreadsheetml namespace. */
export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}
