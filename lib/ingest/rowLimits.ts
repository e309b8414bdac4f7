import { DEFAULT_LIMITS, IngestError, type IngestLimits } from './types';

/** DEFAULT_LIMITS overridden by the given ones; an explicit `undefined` keeps the default. */
export function resolveLimits(partial?: Partial<IngestLimits>): IngestLimits {
  const limits = { ...DEFAULT_LIMITS };
  if (partial) {
    for (const key of Object.keys(DEFAULT_LIMITS) as (keyof IngestLimits)[]) {
      const value = partial[key];
      if (value !== undefined) limits[key] = value;
    }
  }
  return limits;
}

/** The per-row limits every reader applies: row count, column count, cell length. */
export class RowLimiter {
  private rows = 0;

  constructor(readonly limits: IngestLimits) {}

  get rowsCounted(): number {
    return this.rows;
  }

  /** Counts one data row; refuses the file once it passes maxRows. */
  countRow(): void {
    if (++this.rows > this.limits.maxRows) {
      throw new IngestError('too_many_rows', `the file has more than ${this.limits.maxRows} rows`);
    }
  }

  /** `columnIndex` is 0-based. */
  checkColumn(columnIndex: number, row: number): void {
    if (columnIndex >= this.limits.maxColumns) {
      throw new IngestError('too_many_columns', `row ${row} has more than ${this.limits.maxColumns} columns`);
    }
  }

  checkCell(cell: string, row: number): void {
    if (cell.length > this.limits.maxCellLength) {
      throw new IngestError('cell_too_long', `row ${row} has a value longer than ${this.limits.maxCellLength} characters`);
    }
  }

  checkCells(cells: readonly string[], row: number): void {
    if (cells.length > this.limits.maxColumns) this.checkColumn(cells.length - 1, row);
    const max = this.limits.maxCellLength;
    for (let i = 0; i < cells.length; i++) if (cells[i].length > max) this.checkCell(cells[i], row);
  }

  /** Upper bound for one raw record (a csv line, a json object): every cell at its longest plus room for syntax. */
  get maxRecordChars(): number {
    return this.limits.maxColumns * (this.limits.maxCellLength + 64);
  }
}

/** A row whose cells are all empty or blank: skipped like an empty line in a spreadsheet. */
export function isBlankRow(cells: readonly string[]): boolean {
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (c.length !== 0 && c.trim().length !== 0) return false;
  }
  return true;
}
