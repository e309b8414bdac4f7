// The per-file preview state of the upload page, and the rules that decide how (and whether) a file is sent.
import type { ColumnMapping, ColumnRole, PreviewColumn, PreviewResult } from './uploadClient';

export interface PreviewEntry {
  /** Stable React key for this choice of file. */
  key: string;
  file: File;
  /** xlsx: the worksheet names, from the latest answer that listed them; null: none listed (not an xlsx, or no answer yet). */
  sheets: string[] | null;
  /** The worksheet the user chose; null: untouched (the server reads the first). */
  sheet: string | null;
  /**
   * The answer to the preview without a mapping (what the server detects by itself, on `sheet`); null until it came.
   */
  auto: PreviewResult | null;
  /** The columns and roles of `auto`; null when unknown (no answer yet, or the file has no readable header). */
  detected: PreviewColumn[] | null;
  /** The roles the user chose, by header; null while untouched. */
  edited: Map<string, ColumnRole | null> | null;
  /** The latest answer (for `edited` when set). */
  preview: PreviewResult | null;
  /** A preview request is on its way. */
  loading: boolean;
  /** Bumped per request: an answer for an older one is dropped. */
  seq: number;
}

let keys = 0;

/**
 * The preview endpoint receives the whole file: above this size it is asked only when the user wants it, so a big
 * file is not sent twice by default.
 */
export const AUTO_PREVIEW_MAX_BYTES = 20 * 1024 * 1024;

export function newEntry(file: File): PreviewEntry {
  keys += 1;
  const auto = file.size <= AUTO_PREVIEW_MAX_BYTES;
  return { key: `f${keys}`, file, sheets: null, sheet: null, auto: null, detected: null, edited: null, preview: null, loading: auto, seq: 0 };
}

/** Whether the file has more than one worksheet to choose from. */
export function hasSheetChoice(entry: PreviewEntry): boolean {
  return entry.sheets !== null && entry.sheets.length > 1;
}

/** The worksheet shown as selected: the one chosen, else the one the server read, else the first. */
export function shownSheet(entry: PreviewEntry): string | null {
  return entry.sheet ?? (entry.preview?.kind === 'ok' ? entry.preview.sheet : null) ?? entry.sheets?.[0] ?? null;
}

/** The worksheet to send the file with (`?sheet=`), or null when it goes with the server's default (the first). */
export function sheetToSend(entry: PreviewEntry): string | null {
  return entry.sheet !== null && entry.sheet !== entry.sheets?.[0] ? entry.sheet : null;
}

/** No preview asked yet (a big file): the user may ask for one. */
export function isDeferred(entry: PreviewEntry): boolean {
  return !entry.loading && entry.preview === null;
}

/** The server's mapping parser refuses empty or over-long header names: such a column cannot be mapped by name. */
export function isMappable(header: string): boolean {
  const h = header.trim();
  return h.length > 0 && h.length <= 200;
}

/** The role each column has now (the user's choice, else the detected one). */
export function roleOf(entry: PreviewEntry, header: string, detectedRole: ColumnRole | null): ColumnRole | null {
  if (entry.edited?.has(header)) return entry.edited.get(header) ?? null;
  return detectedRole;
}

/** The full mapping {header: role | null} of every mappable column, with `edited` applied. */
export function fullMapping(detected: readonly PreviewColumn[], edited: ReadonlyMap<string, ColumnRole | null> | null): Map<string, ColumnRole | null> {
  const out = new Map<string, ColumnRole | null>();
  for (const c of detected) {
    if (!isMappable(c.header)) continue;
    const role = edited?.has(c.header) ? (edited.get(c.header) ?? null) : c.role;
    out.set(c.header.trim(), role);
  }
  return out;
}

/** Whether the user's roles differ from the detected ones. */
export function differsFromDetected(detected: readonly PreviewColumn[], edited: ReadonlyMap<string, ColumnRole | null> | null): boolean {
  if (!edited) return false;
  for (const c of detected) {
    if (edited.has(c.header) && (edited.get(c.header) ?? null) !== c.role) return true;
  }
  return false;
}

export function isChanged(entry: PreviewEntry): boolean {
  return entry.detected !== null && differsFromDetected(entry.detected, entry.edited);
}

/** The mapping to send with the file, or null when it goes with the server's own detection. */
export function mappingToSend(entry: PreviewEntry): ColumnMapping | null {
  return entry.detected && isChanged(entry) ? fullMapping(entry.detected, entry.edited) : null;
}

/**
 * A file whose preview the server refused with 422 (its mapping, or its content: corrupt, cells too long, ...):
 * it is not sent; a bad mapping can be fixed in the preview.
 */
export function isBlocked(entry: PreviewEntry): boolean {
  const p = entry.preview;
  return !entry.loading && (p?.kind === 'bad_header' || (p?.kind === 'error' && p.status === 422));
}

/** The entry for a file: the same File object, else the same name, size and date (a FileList may be rebuilt). */
export function findEntry(entries: readonly PreviewEntry[], file: File): PreviewEntry | undefined {
  return (
    entries.find((e) => e.file === file) ??
    entries.find((e) => e.file.name === file.name && e.file.size === file.size && e.file.lastModified === file.lastModified)
  );
}
