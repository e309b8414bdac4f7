import { createReadStream, type ReadStream } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { finished, Transform, type TransformCallback } from 'node:stream';
import { parse, type Parser } from 'csv-parse';
import { readFileHead } from './readFileHead';
import { isBlankRow, RowLimiter } from './rowLimits';
import type { SheetRecord } from './sheetRecords';
import { IngestError, type IngestLimits } from './types';

/**
 * Streams a UTF-8 CSV (BOM optional, CRLF or LF, `,` or `;` as seen in the header line or an Excel "sep=" hint,
 * RFC 4180 quoting).
 * Yields the first non-blank record as the header, then each non-blank record. Row numbers count every record,
 * blank ones included, with the header as row 1 when it is the first line: what a spreadsheet would show.
 */
export async function* readCsv(filePath: string, limits: IngestLimits): AsyncGenerator<SheetRecord> {
  const records = await CsvRecords.open(filePath, limits);
  try {
    for (;;) {
      const record = records.next();
      if (record === null) return;
      if (record === undefined) await records.wait();
      else yield record;
    }
  } finally {
    records.close();
  }
}

/**
 * readCsv's records pulled one at a time: `next()` hands out a record already parsed without any async step, and
 * only when none is buffered does the caller wait. It reads the parser exactly as `for await` over the stream does
 * (node's stream async iterator: `read()` until null, then wait for 'readable' or the end), so records, row numbers
 * and errors come out as they did with that loop, just without three async generator steps per record.
 */
export class CsvRecords {
  private row = 0;
  private sawHeader = false;
  /** As in node's stream iterator: undefined while open, null after a clean end, else the error it ended with. */
  private error: Error | null | undefined = undefined;
  private wake: () => void = nop;

  private constructor(
    private readonly source: ReadStream,
    private readonly parser: Parser,
    private readonly limiter: RowLimiter,
  ) {
    parser.on('readable', () => {
      const wake = this.wake;
      this.wake = nop;
      wake();
    });
    finished(parser, { writable: false }, (err) => {
      this.error = err ? (this.error ?? err) : null;
      const wake = this.wake;
      this.wake = nop;
      wake();
    });
  }

  static async open(filePath: string, limits: IngestLimits): Promise<CsvRecords> {
    const limiter = new RowLimiter(limits);
    const { delimiter, sepLine } = await detectDelimiter(filePath);
    const source = createReadStream(filePath, { highWaterMark: 256 * 1024 });
    const parser = parse({
      delimiter,
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      max_record_size: limiter.maxRecordChars,
      // Excel's "sep=;" hint line is not shown as a row when the file is opened, so it is not counted either.
      from_line: sepLine ? 2 : 1,
    });
    // csv-parse bounds a record's text but not its number of (empty) fields: the guard bounds the physical line.
    const guarded = source.pipe(new CsvInputGuard(limiter.maxRecordChars));
    source.on('error', (err) => guarded.destroy(err));
    guarded.on('error', (err) => parser.destroy(err));
    guarded.pipe(parser);
    return new CsvRecords(source, parser, limiter);
  }

  /** The next record; null at the end; undefined when none is parsed yet (await wait(), then ask again). */
  next(): SheetRecord | null | undefined {
    try {
      for (;;) {
        const cells = this.parser.destroyed ? null : (this.parser.read() as string[] | null);
        if (cells === null) {
          if (this.error) throw this.error;
          return this.error === null ? null : undefined;
        }
        const row = ++this.row;
        if (isBlankRow(cells)) continue;
        this.limiter.checkCells(cells, row);
        if (this.sawHeader) {
          this.limiter.countRow();
          return { row, cells };
        }
        this.sawHeader = true;
        return { row, header: cells };
      }
    } catch (err) {
      // the record being parsed when it failed
      throw asIngestError(err, this.row + 1);
    }
  }

  /** Resolves when the parser has more to read or has ended. */
  wait(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  close(): void {
    if (!this.parser.destroyed) {
      // What node's stream iterator does when a loop stops early: destroy with an AbortError (handled by the finished() listener).
      this.parser.destroy(this.error === null ? undefined : abortError());
    }
    this.source.destroy();
    this.parser.destroy();
  }
}

function nop(): void {}

function abortError(): Error {
  return Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR' });
}

/**
 * The delimiter from an Excel "sep=X" hint line, else `;` when the header line has more semicolons than commas
 * (quoted text ignored), else `,`.
 */
async function detectDelimiter(filePath: string): Promise<{ delimiter: ',' | ';'; sepLine: boolean }> {
  const { head } = await readFileHead(filePath, 64 * 1024);
  const start = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  const hint = /^sep=([,;])\r?\n/.exec(head.toString('latin1', start, start + 8));
  if (hint) return { delimiter: hint[1] as ',' | ';', sepLine: true };
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (let i = start; i < head.length; i++) {
    const c = head[i];
    if (c === 0x22) quoted = !quoted;
    else if (quoted) continue;
    else if (c === 0x0a) break;
    else if (c === 0x2c) commas++;
    else if (c === 0x3b) semicolons++;
  }
  return { delimiter: semicolons > commas ? ';' : ',', sepLine: false };
}

function asIngestError(err: unknown, row: number): unknown {
  if (err instanceof IngestError) return err;
  const code = (err as { code?: string } | null)?.code;
  if (code === 'CSV_MAX_RECORD_SIZE' || code === 'LINE_TOO_LONG') {
    return new IngestError('cell_too_long', `row ${row} is too long (is a quote left open?)`);
  }
  if (code === 'NOT_UTF8') return new IngestError('corrupt_file', 'the CSV is not valid UTF-8 text: save it as UTF-8');
  if (code === 'CSV_QUOTE_NOT_CLOSED') return new IngestError('corrupt_file', `a quote opened near row ${row} is never closed`);
  if (typeof code === 'string' && code.startsWith('CSV_')) {
    return new IngestError('corrupt_file', `the CSV cannot be parsed near row ${row}: ${(err as Error).message}`);
  }
  return err;
}

/**
 * Checks the raw bytes before csv-parse sees them: csv-parse would silently turn invalid UTF-8 (a Latin-1 export)
 * into U+FFFD and a region name would be counted misspelt. Also bounds a physical line, one indexOf per line.
 */
class CsvInputGuard extends Transform {
  private run = 0;
  private carry: Buffer | null = null;
  private offset = 0;

  constructor(private readonly maxLineBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const err = this.checkLines(chunk) ?? this.checkUtf8(chunk);
    this.offset += chunk.length;
    if (err) done(err);
    else done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    done(this.carry ? notUtf8(this.offset) : null);
  }

  private checkLines(chunk: Buffer): Error | null {
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, from);
      this.run += (nl < 0 ? chunk.length : nl) - from;
      if (this.run > this.maxLineBytes) return Object.assign(new Error('line too long'), { code: 'LINE_TOO_LONG' });
      if (nl < 0) return null;
      this.run = 0;
      from = nl + 1;
    }
  }

  /** Validates whole characters; a character cut by the chunk boundary waits for the next chunk. */
  private checkUtf8(chunk: Buffer): Error | null {
    const bytes = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    const cut = completeUtf8Length(bytes);
    this.carry = cut < bytes.length ? Buffer.from(bytes.subarray(cut)) : null;
    return isUtf8(bytes.subarray(0, cut)) ? null : notUtf8(this.offset);
  }
}

/** Length of `bytes` without a trailing, still incomplete multi-byte sequence. */
function completeUtf8Length(bytes: Buffer): number {
  const n = bytes.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const b = bytes[n - back];
    if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back for the lead byte
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}

function notUtf8(offset: number): Error {
  return Object.assign(new Error(`invalid UTF-8 near byte ${offset}`), { code: 'NOT_UTF8' });
}
