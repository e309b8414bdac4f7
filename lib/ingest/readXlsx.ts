import { BoundedZip } from './boundedZip';
import { isBlankRow, RowLimiter } from './rowLimits';
import type { SheetRecord } from './sheetRecords';
import { IngestError, type IngestLimits } from './types';
import { locateXlsxParts } from './xlsxParts';
import { readSharedStrings } from './xlsxSharedStrings';
import { parseXmlEntry } from './xmlEntry';
import type { XmlAttributes, XmlLazyHandler } from './xmlTokenizer';

/**
 * Streams one worksheet of an xlsx (default: the first): the first non-empty row as the header, then each non-empty row, cells
 * placed by their reference (C5 → index 2, gaps ""), row numbers from the rows' `r` attribute. Only the shared
 * strings are held in memory. The zip is checked against the limits before anything inflates.
 */
export async function* readXlsx(
  filePath: string,
  limits: IngestLimits,
  opts: { sheet?: string; onSheets?: (names: string[]) => void } = {},
): AsyncGenerator<SheetRecord> {
  for await (const batch of readXlsxBatches(filePath, limits, opts)) {
    for (let i = 0; i < batch.length; i++) yield batch[i];
  }
}

/** readXlsx in batches: the records completed by each inflated piece of the worksheet (never an empty batch). */
export async function* readXlsxBatches(
  filePath: string,
  limits: IngestLimits,
  opts: { sheet?: string; onSheets?: (names: string[]) => void } = {},
): AsyncGenerator<SheetRecord[]> {
  const limiter = new RowLimiter(limits);
  const zip = await BoundedZip.open(filePath, limits);
  try {
    const parts = await locateXlsxParts(zip, opts.sheet);
    opts.onSheets?.(parts.sheets);
    const strings = parts.sharedStrings ? await readSharedStrings(zip, parts.sharedStrings, limiter) : [];
    const sheet = new SheetRowCollector(strings, limiter);
    for await (const _ of parseXmlEntry(zip, parts.sheet, sheet)) {
      const ready = sheet.take();
      if (ready.length > 0) yield ready;
    }
  } finally {
    zip.close();
  }
}

const enum Capture {
  None,
  Value,
  InlineText,
}

/** Turns the tokens of a worksheet into SheetRecords, collected until the reader takes them. */
class SheetRowCollector implements XmlLazyHandler {
  private ready: SheetRecord[] = [];
  private sawHeader = false;

  private rowNumber = 0;
  private cells: string[] = [];
  private nextColumn = 0;

  private cellColumn = 0;
  private cellType = '';
  private capture = Capture.None;
  private inInline = false;
  private inPhonetic = false;
  private value = '';
  private inline = '';

  constructor(
    private readonly strings: readonly string[],
    private readonly limiter: RowLimiter,
  ) {}

  take(): SheetRecord[] {
    const ready = this.ready;
    if (ready.length > 0) this.ready = [];
    return ready;
  }

  openLazy(name: string, attrs: XmlAttributes): void {
    switch (name) {
      case 'row': {
        const rAttr = attrs.get('r');
        const r = rAttr === undefined ? NaN : Number(rAttr);
        this.rowNumber = Number.isInteger(r) && r > 0 ? r : this.rowNumber + 1;
        this.cells = [];
        this.nextColumn = 0;
        break;
      }
      case 'c': {
        const ref = attrs.get('r');
        const column = ref === undefined ? -1 : columnOfRef(ref);
        this.cellColumn = column < 0 ? this.nextColumn : column;
        this.cellType = attrs.get('t') ?? '';
        this.value = '';
        this.inline = '';
        break;
      }
      case 'v':
        this.capture = Capture.Value;
        break;
      case 'is':
        this.inInline = true;
        break;
      case 'rPh':
        this.inPhonetic = true;
        break;
      case 't':
        if (this.inInline && !this.inPhonetic) this.capture = Capture.InlineText;
        break;
    }
  }

  text(t: string): void {
    if (this.capture === Capture.Value) this.value += t;
    else if (this.capture === Capture.InlineText) this.inline += t;
  }

  close(name: string): void {
    switch (name) {
      case 'v':
      case 't':
        this.capture = Capture.None;
        break;
      case 'is':
        this.inInline = false;
        break;
      case 'rPh':
        this.inPhonetic = false;
        break;
      case 'c':
        this.placeCell();
        break;
      case 'row':
        this.finishRow();
        break;
    }
  }

  private placeCell(): void {
    const column = this.cellColumn;
    this.nextColumn = column + 1;
    const text = this.cellText();
    if (text.length === 0) return; // styled but empty cells (often far to the right) are not data
    this.limiter.checkColumn(column, this.rowNumber);
    this.limiter.checkCell(text, this.rowNumber);
    const cells = this.cells;
    if (column < cells.length) {
      cells[column] = text;
      return;
    }
    while (cells.length < column) cells.push('');
    cells.push(text);
  }

  private cellText(): string {
    switch (this.cellType) {
      case 's': {
        if (this.value === '') return '';
        const s = this.strings[Number(this.value)];
        if (s === undefined) {
          throw new IngestError('corrupt_file', `the workbook is damaged: row ${this.rowNumber} refers to a missing shared string`);
        }
        return s;
      }
      case 'inlineStr':
        return this.inline;
      case 'str':
      case 'b': // "1"/"0", which the valid-flag parser reads as true/false
      case 'e':
      case 'd':
        return this.value;
      default:
        return numberText(this.value);
    }
  }

  private finishRow(): void {
    const cells = this.cells;
    if (cells.length === 0 || isBlankRow(cells)) return;
    if (this.sawHeader) {
      this.limiter.countRow();
      this.ready.push({ row: this.rowNumber, cells });
    } else {
      this.sawHeader = true;
      this.ready.push({ row: this.rowNumber, header: cells });
    }
  }
}

/** "C5" → 2; -1 when the reference has no column letters. */
function columnOfRef(ref: string): number {
  let column = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) column = column * 26 + (c - 64);
    else if (c >= 97 && c <= 122) column = column * 26 + (c - 96);
    else break;
  }
  return column - 1;
}

/** Numbers as a person reads them: "12345678", not "12345678.0" or "1.2345678E7"; other text as stored. */
function numberText(v: string): string {
  let plain = true;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 0x2e || c === 0x45 || c === 0x65) {
      plain = false;
      break;
    }
  }
  if (plain) return v;
  const n = Number(v);
  return Number.isFinite(n) ? String(n) : v;
}
