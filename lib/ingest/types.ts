// Contracts between the file readers, the row mapper and the chunker.

/** How a ballot counts, as election authorities report it: for a candidate, blank ("voto en blanco"), or null
 * ("nulo": spoilt, or flagged not valid). Only valid votes go to candidates and into percentages. */
export type VoteStatus = 'valid' | 'blank' | 'null';

export const VOTE_STATUSES: readonly VoteStatus[] = ['valid', 'blank', 'null'];

/** One vote row after mapping and validation: what the worker stores and counts. */
export interface VoteRow {
  /** The contest (race) the row counts in; "" is the default contest (files without a contest column). */
  contest: string;
  /** Polling station (mesa, acta, precinct) whose tally this row is part of; "" for a row that is not a station
   * tally. A later upload's rows for the same contest + station replace the earlier ones (a correction). */
  station: string;
  region: string;
  /** "" when the file has no province column or the cell is empty. */
  province: string;
  /** "" when absent. */
  district: string;
  /** "" only for a blank or null vote without a candidate. */
  candidate: string;
  status: VoteStatus;
  /** Votes this row carries (a polling-station tally); 1 for a single ballot. Integer >= 0. */
  votes: number;
  voterId: string | null;
  /** Columns the mapper does not know (timestamp, age_group, ...), by their header as written; null when none. */
  extra: Record<string, string> | null;
}

/** A tally key with its votes: what a stored raw row contributes to the tallies. */
export type TallyKeyVotes = Pick<VoteRow, 'contest' | 'region' | 'province' | 'district' | 'candidate' | 'status' | 'votes'>;

/** A file row that was read: either a vote or the reason it was rejected. `row` is 1-based as a person counts it:
 * for csv/xlsx the header is row 1 so the first data row is row 2; for json/ndjson the first object is row 1. */
export type ParsedRow = { row: number; vote: VoteRow; error?: undefined } | { row: number; error: string; vote?: undefined };

/** nist: a NIST SP 1500-100 v2 ElectionReport (JSON). */
export type FileFormat = 'xlsx' | 'csv' | 'json' | 'ndjson' | 'nist';

export interface IngestLimits {
  maxRows: number;
  maxColumns: number;
  maxCellLength: number;
  /** xlsx: refuse when the zip's entries would inflate past this many bytes (also enforced while inflating). */
  maxUncompressedBytes: number;
  /** xlsx: refuse archives with more entries than this. */
  maxZipEntries: number;
}

export const DEFAULT_LIMITS: IngestLimits = {
  maxRows: 5_000_000,
  maxColumns: 200,
  maxCellLength: 10_000,
  maxUncompressedBytes: 1024 * 1024 * 1024,
  maxZipEntries: 10_000,
};

/** A file that cannot be counted at all (unknown format, no recognisable header, corrupt, over a limit).
 * Nothing of it is counted; `code` is stable for API clients. */
export class IngestError extends Error {
  /** The header as read, when the error is about it (so a preview can still show the columns to fix). */
  header?: string[];
  /** xlsx: the workbook's sheet names, when known (so a preview can offer another sheet). */
  sheets?: string[];

  constructor(
    readonly code:
      | 'unknown_format'
      | 'empty_file'
      | 'bad_header'
      | 'corrupt_file'
      | 'too_many_rows'
      | 'too_many_columns'
      | 'cell_too_long'
      | 'zip_limits'
      | 'unknown_sheet',
    message: string,
  ) {
    super(message);
    this.name = 'IngestError';
  }
}
