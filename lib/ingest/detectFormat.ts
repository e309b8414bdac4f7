import { readFileHead } from './readFileHead';
import { IngestError, type FileFormat } from './types';

// Enough to see a header line and to judge whether the file is text.
const SAMPLE_BYTES = 64 * 1024;

const EXPECTED = 'expected an .xlsx workbook, a CSV with a comma- or semicolon-separated header, a JSON array or NDJSON';

/** Tells the format from the file's content (never its name). Throws IngestError for empty or unknown content. */
export async function detectFormat(filePath: string): Promise<FileFormat> {
  const { head, complete } = await readFileHead(filePath, SAMPLE_BYTES);
  return formatOfHead(head, complete);
}

/** `complete` says whether `head` is the whole file (a multi-byte character may be cut at the end otherwise). */
export function formatOfHead(head: Buffer, complete: boolean): FileFormat {
  if (head.length === 0) throw new IngestError('empty_file', 'the file is empty');
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return 'xlsx';
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    throw new IngestError('unknown_format', 'legacy .xls or password-protected workbooks are not supported: save it as .xlsx or CSV');
  }
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) throw new IngestError('unknown_format', `the file is a PDF; ${EXPECTED}`);
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) {
    throw new IngestError('unknown_format', 'UTF-16 text is not supported: save the file as UTF-8');
  }

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(head, { stream: !complete });
  } catch {
    throw new IngestError('unknown_format', `the file is neither a workbook nor UTF-8 text; ${EXPECTED}`);
  }
  if (hasBinaryControlChars(text)) throw new IngestError('unknown_format', `the file looks binary; ${EXPECTED}`);

  let i = 0;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  if (i === text.length) throw new IngestError('empty_file', 'the file has no content');
  const first = text[i];
  if (first === '[') return 'json';
  if (first === '{') return 'ndjson';

  const lineEnd = text.indexOf('\n', i);
  const firstLine = lineEnd < 0 ? text.slice(i) : text.slice(i, lineEnd);
  if (firstLine.includes(',') || firstLine.includes(';')) return 'csv';
  throw new IngestError('unknown_format', `unrecognised content; ${EXPECTED}`);
}

function startsWith(buf: Buffer, bytes: number[]): boolean {
  if (buf.length < bytes.length) return false;
  for (let i = 0; i < bytes.length; i++) if (buf[i] !== bytes[i]) return false;
  return true;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** Control characters other than tab/CR/LF never occur in the text formats we read. */
function hasBinaryControlChars(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return true;
  }
  return false;
}
