import { IngestError } from './types';

/** Decodes the next chunk with a fatal, streaming TextDecoder (null = end of input); invalid UTF-8 is a corrupt file. */
export function decodeUtf8(decoder: TextDecoder, chunk: Buffer | null): string {
  try {
    return chunk === null ? decoder.decode() : decoder.decode(chunk, { stream: true });
  } catch {
    throw new IngestError('corrupt_file', 'the file is not valid UTF-8 text: save it as UTF-8');
  }
}
