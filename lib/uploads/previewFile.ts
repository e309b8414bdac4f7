import { describeColumns, type ExplicitMapping } from '../ingest/mapColumns';
import { openVoteRows } from '../ingest/readVoteRows';
import { IngestError, type FileFormat, type ParsedRow } from '../ingest/types';
import { detectFormat } from '../ingest/detectFormat';

export const PREVIEW_ROWS = 10;

export type Preview =
  | {
      ok: true;
      format: FileFormat;
      header: string[];
      columns: ReturnType<typeof describeColumns>;
      rows: ParsedRow[];
      /** xlsx: all sheet names and the one read. */
      sheets?: string[];
      sheet?: string;
    }
  | {
      ok: false;
      error: { code: string; message: string };
      format?: FileFormat;
      header?: string[];
      columns?: ReturnType<typeof describeColumns>;
      sheets?: string[];
    };

/** The detected format and mapping of a file and its first rows as they would be counted. Reads only the start. */
export async function previewFile(filePath: string, mapping?: ExplicitMapping, sheet?: string): Promise<Preview> {
  let format: FileFormat | undefined;
  try {
    format = await detectFormat(filePath);
    const opened = await openVoteRows(filePath, { format, mapping, sheet });
    const rows: ParsedRow[] = [];
    try {
      for await (const r of opened.rows) {
        rows.push(r);
        if (rows.length >= PREVIEW_ROWS) break;
      }
    } finally {
      await opened.rows.return(undefined);
    }
    return {
      ok: true,
      format,
      header: opened.header,
      columns: describeColumns(opened.header, mapping),
      rows,
      sheets: opened.sheets,
      sheet: opened.sheets ? (sheet ?? opened.sheets[0]) : undefined,
    };
  } catch (err) {
    if (!(err instanceof IngestError)) throw err;
    return {
      ok: false,
      error: { code: err.code, message: err.message },
      format,
      header: err.header,
      columns: err.header ? describeColumns(err.header, mapping) : undefined,
      sheets: err.sheets,
    };
  }
}
