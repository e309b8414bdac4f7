// The admin's list of registered voters per region, as a small csv: `region,registered_voters[,expected_votes]`.
// Strict: one bad row refuses the whole file, and every bad row is listed with its row number (header = row 1, as
// a spreadsheet shows it) and the reason. Pure: unit tested, used by PUT /api/admin/expected-voters.
import { parse } from 'csv-parse/sync';
import type { ExpectedVoters } from '../results/turnout';
import { normalizeRegionName } from './regionNames';

export const MAX_EXPECTED_CSV_BYTES = 1024 * 1024;
export const MAX_EXPECTED_ROWS = 10_000;
const MAX_REGION_CHARS = 200;
/** At most 10^12 - 1: far above any electorate, well inside exact float and bigint range. */
const MAX_COUNT_DIGITS = 12;
const MAX_LISTED_ERRORS = 100;

export interface RowError {
  row: number;
  reason: string;
}

export type ExpectedCsvResult = { ok: true; regions: ExpectedVoters[] } | { ok: false; message: string; errors: RowError[] };

const COLUMNS = ['region', 'registered_voters', 'expected_votes'] as const;

export function parseExpectedVotersCsv(text: string): ExpectedCsvResult {
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false, trim: false }) as string[][];
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    return { ok: false, message: 'the file is not valid csv', errors: [{ row: line ?? 1, reason: (err as Error).message }] };
  }
  // A trailing newline or blank lines at the end are not rows; blank lines in between are refused below.
  while (records.length > 0 && isBlank(records[records.length - 1])) records.pop();
  if (records.length === 0) return { ok: false, message: 'the file is empty', errors: [{ row: 1, reason: 'a header region,registered_voters[,expected_votes] is required' }] };

  const header = records[0].map((h) => h.trim().toLowerCase());
  const headerProblem = checkHeader(header);
  if (headerProblem) return { ok: false, message: 'bad header', errors: [{ row: 1, reason: headerProblem }] };
  if (records.length - 1 > MAX_EXPECTED_ROWS) {
    return { ok: false, message: 'too many rows', errors: [{ row: MAX_EXPECTED_ROWS + 2, reason: `at most ${MAX_EXPECTED_ROWS} regions` }] };
  }
  const hasExpected = header.length === 3;

  const errors: RowError[] = [];
  const regions: ExpectedVoters[] = [];
  const seen = new Map<string, number>();
  for (let i = 1; i < records.length; i++) {
    const row = i + 1;
    const cells = records[i];
    const reason = rowProblem(cells, header.length);
    if (reason) {
      errors.push({ row, reason });
      continue;
    }
    const region = cells[0].normalize('NFC').trim();
    // Two spellings of one region (case, accents, punctuation) would split its turnout: refused like a repeat.
    const key = normalizeRegionName(region);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      errors.push({ row, reason: `region ${JSON.stringify(region)} is already on row ${earlier}` });
      continue;
    }
    seen.set(key, row);
    const registered = Number(cells[1].trim());
    const expectedText = hasExpected ? cells[2].trim() : '';
    const expectedVotes = expectedText === '' ? null : Number(expectedText);
    if (expectedVotes !== null && expectedVotes > registered) {
      errors.push({ row, reason: `expected_votes (${expectedVotes}) is more than registered_voters (${registered})` });
      continue;
    }
    regions.push({ region, registered, expectedVotes });
  }
  if (regions.length === 0 && errors.length === 0) return { ok: false, message: 'no regions', errors: [{ row: 2, reason: 'the file has a header but no rows' }] };
  if (errors.length > 0) {
    const message = `${errors.length} bad row${errors.length === 1 ? '' : 's'}: nothing was changed`;
    return { ok: false, message, errors: errors.slice(0, MAX_LISTED_ERRORS) };
  }
  return { ok: true, regions };
}

function checkHeader(header: string[]): string | null {
  const expected = header.length === 3 ? COLUMNS : COLUMNS.slice(0, 2);
  if ((header.length === 2 || header.length === 3) && header.every((h, i) => h === expected[i])) return null;
  return `the header must be region,registered_voters or region,registered_voters,expected_votes (got ${JSON.stringify(header.join(','))})`;
}

function rowProblem(cells: string[], columns: number): string | null {
  if (isBlank(cells)) return 'blank row';
  if (cells.length !== columns) return `${cells.length} columns, expected ${columns}`;
  const region = cells[0].trim();
  if (region === '') return 'region is empty';
  if (region.length > MAX_REGION_CHARS) return `region is longer than ${MAX_REGION_CHARS} characters`;
  if (region.includes('\0')) return 'region contains a NUL character';
  if (!isCount(cells[1].trim())) return `registered_voters ${JSON.stringify(cells[1])} is not a whole number ≥ 0`;
  if (columns === 3 && cells[2].trim() !== '' && !isCount(cells[2].trim())) return `expected_votes ${JSON.stringify(cells[2])} is not a whole number ≥ 0 (or empty)`;
  return null;
}

/** Plain digits only: no sign, decimals, exponent or thousands separators (1,000 would be two cells anyway). */
function isCount(text: string): boolean {
  return new RegExp(`^\\d{1,${MAX_COUNT_DIGITS}}$`).test(text);
}

function isBlank(cells: string[]): boolean {
  return cells.every((c) => c.trim() === '');
}
