// The admin's list of polling stations as csv: `station,region,province,district,registered_voters`. Strict like
// the expected-voters list: one bad row refuses the whole file, every bad row listed with its row number (header
// = row 1) and reason. Pure: unit tested, used by PUT /api/admin/stations.
import { parse } from 'csv-parse/sync';
import { cleanText } from '../ingest/validateRow';

/** Peru has ~86,000 mesas (~4 MB as csv); the limits leave room for a country ten times that. */
export const MAX_STATIONS_CSV_BYTES = 64 * 1024 * 1024;
export const MAX_STATIONS = 1_000_000;
const MAX_NAME_CHARS = 200;
const MAX_LISTED_ERRORS = 100;

export const STATIONS_HEADER = ['station', 'region', 'province', 'district', 'registered_voters'] as const;

export interface PollingStation {
  station: string;
  region: string;
  province: string;
  district: string;
  registered: number;
}

export interface RowError {
  row: number;
  reason: string;
}

export type StationsCsvResult = { ok: true; stations: PollingStation[] } | { ok: false; message: string; errors: RowError[] };

export function parseStationsCsv(text: string): StationsCsvResult {
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false, trim: false }) as string[][];
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    return { ok: false, message: 'the file is not valid csv', errors: [{ row: line ?? 1, reason: (err as Error).message }] };
  }
  while (records.length > 0 && records[records.length - 1].every((c) => c.trim() === '')) records.pop();
  if (records.length === 0) return { ok: false, message: 'the file is empty', errors: [{ row: 1, reason: `a header ${STATIONS_HEADER.join(',')} is required` }] };
  const header = records[0].map((h) => h.trim().toLowerCase());
  if (header.length !== STATIONS_HEADER.length || header.some((h, i) => h !== STATIONS_HEADER[i])) {
    return { ok: false, message: 'bad header', errors: [{ row: 1, reason: `the header must be ${STATIONS_HEADER.join(',')} (got ${JSON.stringify(header.join(','))})` }] };
  }
  if (records.length - 1 > MAX_STATIONS) return { ok: false, message: 'too many rows', errors: [{ row: MAX_STATIONS + 2, reason: `at most ${MAX_STATIONS} stations` }] };

  const errors: RowError[] = [];
  const stations: PollingStation[] = [];
  const seen = new Map<string, number>();
  for (let i = 1; i < records.length; i++) {
    const row = i + 1;
    const cells = records[i];
    if (cells.length !== STATIONS_HEADER.length) {
      errors.push({ row, reason: `${cells.length} columns, expected ${STATIONS_HEADER.length}` });
      continue;
    }
    // The same cleaning as upload rows (trim, NFC), so a station's id and place compare equal to its tally rows'.
    const [station, region, province, district] = cells.slice(0, 4).map((c) => cleanText(c));
    const registered = cells[4].trim();
    const problem =
      station === '' ? 'station is empty'
      : region === '' ? 'region is empty'
      : [station, region, province, district].some((t) => t.length > MAX_NAME_CHARS) ? `a name is longer than ${MAX_NAME_CHARS} characters`
      : [station, region, province, district].some((t) => t.includes('\0')) ? 'a name contains a NUL character'
      : !/^\d{1,9}$/.test(registered) ? `registered_voters ${JSON.stringify(cells[4])} is not a whole number ≥ 0`
      : seen.has(station) ? `station ${JSON.stringify(station)} is already on row ${seen.get(station)}`
      : null;
    if (problem) {
      errors.push({ row, reason: problem });
      continue;
    }
    seen.set(station, row);
    stations.push({ station, region, province, district, registered: Number(registered) });
  }
  if (errors.length > 0) return { ok: false, message: `${errors.length} bad row${errors.length === 1 ? '' : 's'}: nothing was changed`, errors: errors.slice(0, MAX_LISTED_ERRORS) };
  if (stations.length === 0) return { ok: false, message: 'no stations', errors: [{ row: 2, reason: 'the file has a header but no rows' }] };
  return { ok: true, stations };
}
