import { StringDecoder } from 'node:string_decoder';
import type { BoundedZip } from './boundedZip';
import { IngestError } from './types';
import { XmlTokenizer, type XmlHandler, type XmlLazyHandler } from './xmlTokenizer';

/** Handler methods a part reader may leave out. */
export type PartialXmlHandler = Partial<XmlHandler>;

const ignore = () => {};

/**
 * Streams one zip entry through the XML tokenizer into `handler`, yielding after each chunk so the caller can hand
 * out what its handler collected. Malformed or truncated XML becomes IngestError('corrupt_file'); IngestErrors thrown
 * by the handler (limits) pass through.
 */
export async function* parseXmlEntry(zip: BoundedZip, name: string, handler: PartialXmlHandler | XmlLazyHandler): AsyncGenerator<void> {
  // A complete handler is called directly (monomorphic calls); a partial one is completed.
  const lazy = typeof (handler as XmlLazyHandler).openLazy === 'function';
  const complete = typeof handler.open === 'function' && typeof handler.close === 'function' && typeof handler.text === 'function';
  const tokenizer = new XmlTokenizer(
    lazy || complete
      ? (handler as XmlHandler | XmlLazyHandler)
      : {
          open: (handler as PartialXmlHandler).open?.bind(handler) ?? ignore,
          close: handler.close?.bind(handler) ?? ignore,
          text: handler.text?.bind(handler) ?? ignore,
        },
  );
  const decoder = new StringDecoder('utf8');
  try {
    for await (const chunk of zip.read(name)) {
      tokenizer.write(decoder.write(chunk));
      yield;
    }
    tokenizer.write(decoder.end());
    tokenizer.close();
    yield;
  } catch (err) {
    // Limits pass through; a bug in a handler must not pass for a damaged file.
    if (err instanceof IngestError || err instanceof TypeError || err instanceof ReferenceError) throw err;
    throw new IngestError('corrupt_file', `the workbook is damaged: ${name} is not well-formed XML (${(err as Error).message})`);
  }
}
