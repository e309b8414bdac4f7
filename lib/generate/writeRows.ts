// Writes generated rows as xlsx, csv, json or ndjson, streaming: a file's rows are never all in memory.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { writeXlsx } from '../xlsx/writeXlsx';
import type { Cell, CorpusFormat } from './corpus';

// Text is handed to the stream in pieces of about this many characters.
const PIECE_CHARS = 64 * 1024;

export interface WriteRowsOptions {
  /** xlsx: keep strings in a shared strings table (as Excel does). Only for corpora with few distinct strings: the
   * table stays in memory until the file is done. */
  sharedStrings?: boolean;
  /** xlsx: worksheet name. */
  sheetName?: string;
}

/** Writes a header and rows in a format. Same columns and rows ⇒ same bytes. */
export async function writeRows(
  filePath: string,
  format: CorpusFormat,
  columns: readonly string[],
  rows: Iterable<readonly Cell[]>,
  opts: WriteRowsOptions = {},
): Promise<void> {
  switch (format) {
    case 'xlsx':
      return writeXlsx(filePath, withHeader(columns, rows), { sheetName: opts.sheetName, sharedStrings: opts.sharedStrings, level: 1 });
    case 'csv':
      return writeText(filePath, csvLines(columns, rows));
    case 'json':
      return writeText(filePath, jsonArray(columns, rows));
    case 'ndjson':
      return writeText(filePath, ndjsonLines(columns, rows));
  }
}

function* withHeader(columns: readonly string[], rows: Iterable<readonly Cell[]>): Generator<readonly Cell[]> {
  yield columns;
  yield* rows;
}

/** RFC 4180: CRLF line ends, a cell quoted only when it holds a quote, comma or line break. */
function* csvLines(columns: readonly string[], rows: Iterable<readonly Cell[]>): Generator<string> {
  yield csvLine(columns);
  for (const row of rows) yield csvLine(row);
}

function csvLine(cells: readonly Cell[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    const text = String(cells[i]);
    if (i > 0) line += ',';
    line += /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }
  return `${line}\r\n`;
}

function* jsonArray(columns: readonly string[], rows: Iterable<readonly Cell[]>): Generator<string> {
  const keys = columns.map((c) => `${JSON.stringify(c)}:`);
  let first = true;
  yield '[';
  for (const row of rows) {
    yield `${first ? '\n' : ',\n'}${jsonObject(keys, row)}`;
    first = false;
  }
  yield '\n]\n';
}

function* ndjsonLines(columns: readonly string[], rows: Iterable<readonly Cell[]>): Generator<string> {
  const keys = columns.map((c) => `${JSON.stringify(c)}:`);
  for (const row of rows) yield `${jsonObject(keys, row)}\n`;
}

/** `keys` are the quoted column names with their colon. */
function jsonObject(keys: readonly string[], cells: readonly Cell[]): string {
  let text = '{';
  for (let i = 0; i < keys.length; i++) {
    const value = cells[i];
    text += (i > 0 ? ',' : '') + keys[i] + (typeof value === 'string' ? JSON.stringify(value) : String(value));
  }
  return `${text}}`;
}

async function writeText(filePath: string, pieces: Iterable<string>): Promise<void> {
  const out = createWriteStream(filePath);
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => {}); // observed at every await below
  try {
    let piece = '';
    for (const text of pieces) {
      piece += text;
      if (piece.length < PIECE_CHARS) continue;
      if (!out.write(piece)) await Promise.race([once(out, 'drain'), failed]);
      piece = '';
    }
    out.end(piece);
    await Promise.race([once(out, 'close'), failed]);
  } catch (err) {
    out.destroy();
    throw err;
  }
}
