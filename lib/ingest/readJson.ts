import { createReadStream } from 'node:fs';
import { JsonArraySplitter } from './jsonArraySplitter';
import { jsonRecord } from './jsonRecord';
import { RowLimiter } from './rowLimits';
import type { ObjectRecord } from './sheetRecords';
import { IngestError, type IngestLimits } from './types';
import { decodeUtf8 } from './decodeUtf8';

/**
 * Streams a JSON array of objects: one record per element, the first element being row 1. An element that is
 * not an object is a row error; anything that makes the file invalid JSON (or truncated) is IngestError('corrupt_file').
 */
export async function* readJson(filePath: string, limits: IngestLimits): AsyncGenerator<ObjectRecord> {
  for await (const batch of readJsonBatches(filePath, limits)) {
    for (let i = 0; i < batch.length; i++) yield batch[i];
  }
}

/**
 * readJson in batches: the records of the elements each piece of the file completes (never an empty batch). An
 * error at some element comes after the batch of the elements before it, as it would record by record.
 */
export async function* readJsonBatches(filePath: string, limits: IngestLimits): AsyncGenerator<ObjectRecord[]> {
  const limiter = new RowLimiter(limits);
  const splitter = new JsonArraySplitter(limiter.maxRecordChars);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const source = createReadStream(filePath, { highWaterMark: 256 * 1024 });
  const elements: string[] = [];
  let row = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      splitter.push(decodeUtf8(decoder, chunk), elements);
      yield* records();
    }
    splitter.push(decodeUtf8(decoder, null), elements);
    splitter.end();
    yield* records();
  } finally {
    source.destroy();
  }

  /** The pending elements as one batch, or the batch before a failing element and then its error. */
  function* records(): Generator<ObjectRecord[]> {
    const batch: ObjectRecord[] = [];
    try {
      for (let i = 0; i < elements.length; i++) batch.push(record(elements[i], ++row));
    } catch (err) {
      elements.length = 0;
      if (batch.length > 0) yield batch;
      throw err;
    }
    elements.length = 0;
    if (batch.length > 0) yield batch;
  }

  function record(text: string, row: number): ObjectRecord {
    limiter.countRow();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new IngestError('corrupt_file', `the JSON is invalid at element ${row}: ${excerpt(text)}`);
    }
    return jsonRecord(value, row, limiter);
  }
}

function excerpt(text: string): string {
  const t = text.trim();
  return t.length > 60 ? `${t.slice(0, 60)}…` : t;
}
