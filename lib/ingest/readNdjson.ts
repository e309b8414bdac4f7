import { createReadStream } from 'node:fs';
import { decodeUtf8 } from './decodeUtf8';
import { jsonRecord } from './jsonRecord';
import { RowLimiter } from './rowLimits';
import type { ObjectRecord } from './sheetRecords';
import { IngestError, type IngestLimits } from './types';

/**
 * Streams NDJSON: one JSON object per line, blank lines skipped; the row number is the line number. A line that
 * does not parse, or is not an object, is a row error: the other lines still count.
 */
export async function* readNdjson(filePath: string, limits: IngestLimits): AsyncGenerator<ObjectRecord> {
  for await (const batch of readNdjsonBatches(filePath, limits)) {
    for (let i = 0; i < batch.length; i++) yield batch[i];
  }
}

/**
 * readNdjson in batches: the records of the lines each piece of the file completes (never an empty batch). An
 * error at some line comes after the batch of the lines before it, as it would record by record.
 */
export async function* readNdjsonBatches(filePath: string, limits: IngestLimits): AsyncGenerator<ObjectRecord[]> {
  const limiter = new RowLimiter(limits);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const source = createReadStream(filePath, { highWaterMark: 256 * 1024 });
  let line = 0;
  let carry = '';
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      const text = carry + decodeUtf8(decoder, chunk);
      let from = 0;
      const batch: ObjectRecord[] = [];
      try {
        for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
          line++;
          const record = lineRecord(text, from, nl, line, limiter);
          if (record) batch.push(record);
          from = nl + 1;
        }
      } catch (err) {
        if (batch.length > 0) yield batch;
        throw err;
      }
      if (batch.length > 0) yield batch;
      carry = from === 0 ? text : text.slice(from);
      if (carry.length > limiter.maxRecordChars) {
        throw new IngestError('cell_too_long', `line ${line + 1} is longer than ${limiter.maxRecordChars} characters`);
      }
    }
    const text = carry + decodeUtf8(decoder, null);
    if (text.length > 0) {
      const record = lineRecord(text, 0, text.length, line + 1, limiter);
      if (record) yield [record];
    }
  } finally {
    source.destroy();
  }
}

function lineRecord(text: string, from: number, to: number, line: number, limiter: RowLimiter): ObjectRecord | null {
  if (to > from && text.charCodeAt(to - 1) === 0x0d) to--;
  const source = text.slice(from, to);
  if (source.trim().length === 0) return null;
  limiter.countRow();
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch {
    if (limiter.rowsCounted === 1 && isOpeningBracket(source)) {
      throw new IngestError('corrupt_file', 'the file holds one multi-line JSON value, not NDJSON (one JSON object per line)');
    }
    return { row: line, error: 'not valid JSON' };
  }
  return jsonRecord(value, line, limiter);
}

/** A first line of just "{" or "[": a pretty-printed JSON document, not NDJSON with a broken first line. */
function isOpeningBracket(line: string): boolean {
  const t = line.trim();
  return t === '{' || t === '[';
}
