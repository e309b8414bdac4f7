// What the file readers yield before column mapping: raw text, positioned as in the file.

/** csv/xlsx: the header row once, then each non-empty data row. `row` is 1-based as a spreadsheet shows it. */
export type SheetRecord = { row: number; header: string[]; cells?: undefined } | { row: number; cells: string[]; header?: undefined };

/** json/ndjson: one record per object as parallel key/value lists (never assigned onto an object, so keys such as
 * `__proto__` stay plain data), or the reason the element/line is not an object. */
export type ObjectRecord =
  | { row: number; keys: string[]; values: string[]; error?: undefined }
  | { row: number; error: string; keys?: undefined };
