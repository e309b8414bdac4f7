import { detectFormat } from './detectFormat';
import {
  buildColumnMap,
  hasValuesPastHeader,
  mapCells,
  ObjectKeyMapper,
  roleResolver,
  type ColumnMap,
  type ColumnRole,
  type ExplicitMapping,
} from './mapColumns';
import { CsvRecords } from './readCsv';
import { readJsonBatches } from './readJson';
import { openNist } from './readNist';
import { readNdjsonBatches } from './readNdjson';
import { readXlsxBatches } from './readXlsx';
import { resolveLimits } from './rowLimits';
import type { ObjectRecord, SheetRecord } from './sheetRecords';
import { IngestError, type FileFormat, type IngestLimits, type ParsedRow } from './types';
import { validateRow } from './validateRow';

export interface ReadVoteRowsOptions {
  limits?: Partial<IngestLimits>;
  /** Skip detection when the caller already knows the format. */
  format?: FileFormat;
  /** Roles the uploader chose for some headers; the rest are matched by alias. */
  mapping?: ExplicitMapping;
  /** xlsx: the worksheet to read (default: the first). */
  sheet?: string;
}

export interface OpenedVoteRows {
  format: FileFormat;
  /** The header as written (csv/xlsx header row; json/ndjson keys of the first object). */
  header: string[];
  /** xlsx: every worksheet's name, in workbook order. */
  sheets?: string[];
  /** Each data row as a vote or a rejection. Throws IngestError on a structural problem found later (truncation,
   * limits). Holds the file open: iterate to the end or call `rows.return()` when abandoning it. */
  rows: AsyncGenerator<ParsedRow, void, undefined>;
}

// How many leading non-object elements json/ndjson may have before the first object that gives the header.
const MAX_LEADING_NON_OBJECTS = 1000;

/**
 * Opens a vote file: detects its format from the content and reads up to the header, so that a file with an
 * unknown format or an unusable header is refused (IngestError) before any row is consumed.
 */
export async function openVoteRows(filePath: string, opts: ReadVoteRowsOptions = {}): Promise<OpenedVoteRows> {
  const limits = resolveLimits(opts.limits);
  const format = opts.format ?? (await detectFormat(filePath));
  const roleOf = roleResolver(opts.mapping);
  switch (format) {
    case 'csv':
      return openCsv(format, await CsvRecords.open(filePath, limits), roleOf);
    case 'xlsx': {
      let sheets: string[] | undefined;
      try {
        const opened = await openSheetBatches(format, readXlsxBatches(filePath, limits, { sheet: opts.sheet, onSheets: (s) => (sheets = s) }), roleOf);
        return { ...opened, sheets };
      } catch (err) {
        if (err instanceof IngestError) err.sheets = sheets;
        throw err;
      }
    }
    case 'json':
      return openObjects(format, readJsonBatches(filePath, limits), roleOf);
    case 'ndjson':
      return openObjects(format, readNdjsonBatches(filePath, limits), roleOf);
    case 'nist':
      // Read whole and checked before any row is handed out; limits.maxRows applies to the rows it yields.
      return openNist(filePath, limits);
  }
}

/** Every row of a vote file: the one entry point for reading uploads. See openVoteRows. */
export async function* readVoteRows(filePath: string, opts: ReadVoteRowsOptions = {}): AsyncGenerator<ParsedRow, void, undefined> {
  const { rows } = await openVoteRows(filePath, opts);
  yield* rows;
}

type RoleOf = (text: string) => ColumnRole | null;

/** The header of a csv, then its rows pulled from the parser (no async step per row except the one handing it out). */
async function openCsv(format: FileFormat, records: CsvRecords, roleOf: RoleOf): Promise<OpenedVoteRows> {
  let columns: ColumnMap;
  let header: string[];
  try {
    let first = records.next();
    while (first === undefined) {
      await records.wait();
      first = records.next();
    }
    if (first === null || first.header === undefined) throw new IngestError('empty_file', 'the file has no header row');
    header = first.header;
    columns = buildColumnMap(header, { roleOf });
  } catch (err) {
    records.close();
    if (err instanceof IngestError && header!) err.header = header;
    throw err;
  }
  return { format, header, rows: csvRows(records, columns) };
}

async function* csvRows(records: CsvRecords, columns: ColumnMap): AsyncGenerator<ParsedRow, void, undefined> {
  try {
    for (;;) {
      const record = records.next();
      if (record === null) return;
      if (record === undefined) {
        await records.wait();
        continue;
      }
      const parsed = sheetRow(record, columns);
      if (parsed !== null) yield parsed;
    }
  } finally {
    records.close();
  }
}

/** openSheet for a reader that hands out its records in (non-empty) batches: no async step per record inside. */
async function openSheetBatches(format: FileFormat, batches: AsyncGenerator<SheetRecord[]>, roleOf: RoleOf): Promise<OpenedVoteRows> {
  let columns: ColumnMap;
  let header: string[];
  let first: SheetRecord[];
  try {
    const next = await batches.next();
    if (next.done || next.value[0].header === undefined) throw new IngestError('empty_file', 'the file has no header row');
    first = next.value;
    header = first[0].header!;
    columns = buildColumnMap(header, { roleOf });
  } catch (err) {
    await batches.return(undefined);
    if (err instanceof IngestError && header!) err.header = header;
    throw err;
  }
  return { format, header, rows: batchedSheetRows(first, batches, columns) };
}

async function* batchedSheetRows(first: SheetRecord[], batches: AsyncGenerator<SheetRecord[]>, columns: ColumnMap): AsyncGenerator<ParsedRow, void, undefined> {
  try {
    for (let i = 1; i < first.length; i++) {
      const parsed = sheetRow(first[i], columns);
      if (parsed !== null) yield parsed;
    }
    for await (const batch of batches) {
      for (let i = 0; i < batch.length; i++) {
        const parsed = sheetRow(batch[i], columns);
        if (parsed !== null) yield parsed;
      }
    }
  } finally {
    await batches.return(undefined);
  }
}

/** A data record as a parsed row; null for a record without cells (a header: only the first record is one). */
function sheetRow(record: SheetRecord, columns: ColumnMap): ParsedRow | null {
  const cells = record.cells;
  if (cells === undefined) return null;
  if (cells.length > columns.width && hasValuesPastHeader(cells, columns)) {
    return { row: record.row, error: 'more values than header columns' };
  }
  return parsedRow(record.row, validateRow(mapCells(cells, columns)));
}

async function openObjects(format: FileFormat, records: AsyncGenerator<ObjectRecord[]>, roleOf: RoleOf): Promise<OpenedVoteRows> {
  const mapper = new ObjectKeyMapper(roleOf);
  const leading: ObjectRecord[] = [];
  let first: ObjectRecord | null = null;
  // The batch being read and the index of its next record.
  let batch: ObjectRecord[] = [];
  let index = 0;
  try {
    for (;;) {
      if (index === batch.length) {
        const next = await records.next();
        if (next.done) break;
        batch = next.value;
        index = 0;
        continue;
      }
      const record = batch[index++];
      if (record.keys !== undefined) {
        first = record;
        break;
      }
      leading.push(record);
      if (leading.length > MAX_LEADING_NON_OBJECTS) break;
    }
    if (first === null) throw noObjects(format, leading.length);
    mapper.mapKeys(first.keys!, true);
  } catch (err) {
    await records.return(undefined);
    if (err instanceof IngestError && first?.keys) err.header = [...first.keys];
    throw err;
  }
  return { format, header: first.keys!, rows: objectRows(leading, first, batch, index, records, mapper) };
}

function noObjects(format: FileFormat, nonObjects: number): IngestError {
  if (nonObjects === 0) return new IngestError('empty_file', 'the file has no records');
  if (format === 'ndjson') {
    return new IngestError('corrupt_file', 'no line is a JSON object: NDJSON needs one JSON object per line');
  }
  return new IngestError('bad_header', 'the JSON array holds no objects with column names');
}

async function* objectRows(
  leading: ObjectRecord[],
  first: ObjectRecord,
  batch: ObjectRecord[],
  index: number,
  records: AsyncGenerator<ObjectRecord[]>,
  mapper: ObjectKeyMapper,
): AsyncGenerator<ParsedRow, void, undefined> {
  try {
    for (const record of leading) yield objectRow(record, mapper);
    yield objectRow(first, mapper);
    for (let i = index; i < batch.length; i++) yield objectRow(batch[i], mapper);
    for await (const next of records) {
      for (let i = 0; i < next.length; i++) yield objectRow(next[i], mapper);
    }
  } finally {
    await records.return(undefined);
  }
}

function objectRow(record: ObjectRecord, mapper: ObjectKeyMapper): ParsedRow {
  if (record.keys === undefined) return { row: record.row, error: record.error };
  let columns: ColumnMap;
  try {
    columns = mapper.mapKeys(record.keys);
  } catch (err) {
    // Two keys for one role in a later object: that object is unusable, the file is not.
    if (err instanceof IngestError) return { row: record.row, error: err.message };
    throw err;
  }
  return parsedRow(record.row, validateRow(mapCells(record.values, columns)));
}

function parsedRow(row: number, result: ReturnType<typeof validateRow>): ParsedRow {
  return typeof result === 'string' ? { row, error: result } : { row, vote: result };
}
