import { readFileHead } from './readFileHead';
import { IngestError, type FileFormat } from './types';

// Enough to see a header line and to judge whether the file is text.
const SAMPLE_BYTES = 64 * 1024;

const EXPECTED =
  'expected an .xlsx workbook, a CSV with a comma- or semicolon-separated header, a JSON array, NDJSON or a NIST SP 1500-100 election report (JSON)';

const NIST_REPORT_TYPE = 'ElectionResults.ElectionReport';

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
  if (first === '{') return isNistReport(text, i) ? 'nist' : 'ndjson';

  const lineEnd = text.indexOf('\n', i);
  const firstLine = lineEnd < 0 ? text.slice(i) : text.slice(i, lineEnd);
  if (firstLine.includes(',') || firstLine.includes(';')) return 'csv';
  throw new IngestError('unknown_format', `unrecognised content; ${EXPECTED}`);
}

/**
 * Whether the JSON object starting at `start` has a top-level "@type" of "ElectionResults.ElectionReport", as far as
 * the head shows. The key may come anywhere in the object (a report is often pretty-printed over many lines, its
 * "@type" after other keys), so the object is scanned token by token: only a key of the first object itself counts,
 * never one nested deeper nor one in a later line, so NDJSON whose records merely mention the type stays NDJSON.
 * A report whose "@type" lies past the head (64 KiB of other keys first) is not recognised: it reads as NDJSON and
 * fails there; uploading it with the format given avoids that.
 */
function isNistReport(text: string, start: number): boolean {
  let depth = 0;
  // At depth 1: the last key read, and whether its value comes next.
  let key: string | null = null;
  let valueNext = false;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const end = stringEnd(text, i);
      if (end < 0) return false;
      if (depth === 1) {
        if (valueNext) {
          if (key === '@type') return end - i - 1 === NIST_REPORT_TYPE.length ? text.slice(i + 1, end) === NIST_REPORT_TYPE : parsedString(text.slice(i, end + 1)) === NIST_REPORT_TYPE;
          valueNext = false;
        } else {
          key = end - i - 1 === 5 && text.slice(i + 1, end) === '@type' ? '@type' : parsedString(text.slice(i, end + 1));
        }
      }
      i = end;
    } else if (c === 0x7b || c === 0x5b) {
      // { or [: a nested value (at depth 1 it is the value of the last key)
      if (depth === 1) valueNext = false;
      depth++;
    } else if (c === 0x7d || c === 0x5d) {
      if (--depth === 0) return false;
    } else if (depth === 1 && c === 0x3a) {
      valueNext = true;
    } else if (depth === 1 && c === 0x2c) {
      valueNext = false;
      key = null;
    }
  }
  return false;
}

/** The index of the quote closing the string that opens at `open`; -1 when the text ends first. */
function stringEnd(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x22) return i;
  }
  return -1;
}

function parsedString(literal: string): string | null {
  try {
    const value: unknown = JSON.parse(literal);
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
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
