import type { ExplicitMapping } from '../ingest/mapColumns';
import { openVoteRows } from '../ingest/readVoteRows';
import { IngestError, type FileFormat } from '../ingest/types';
import { emptyChunk, pushVote, type Chunk } from '../chunk';
import { encodeChunk } from './chunkCodec';

/** What the uploader chose for a file: column roles and, for xlsx, the worksheet. */
export interface StagingChoices {
  mapping?: ExplicitMapping;
  sheet?: string;
}

export interface ParseSettings {
  /** The upload the rows belong to: written into every staged row, so a worker sends them to Postgres as they are. */
  uploadId: string;
  chunkRows: number;
  maxRows: number;
}

/** Where parsed output goes. Up to CHUNKS_IN_FLIGHT chunks are being stored at once while parsing goes on; the
 * parser then waits, so memory stays bounded. */
export interface ChunkSink {
  format(format: FileFormat): Promise<void>;
  /** One chunk, already in its staged (encoded) form. */
  chunk(seq: number, rows: number, payload: Buffer): Promise<void>;
  errors(list: { row: number; reason: string }[]): Promise<void>;
}

export type ParseOutcome =
  | { ok: true; rowsTotal: number; rowsRejected: number; chunks: number; stationRows: number }
  | { ok: false; rowsTotal: number; message: string; internal: boolean };

const ERROR_BATCH = 1000;

/** Chunks handed to the sink and not yet stored: parsing the next one overlaps storing these (on a 2-core machine a
 * single big file was parsed and stored by turns, taking about a third longer). */
const CHUNKS_IN_FLIGHT = 3;

/** Thrown by a sink to stop reading: passed through to the caller as it is. */
export class SinkStopped extends Error {}

/**
 * Reads a spooled vote file into staged chunks: no database, no network, so it runs the same in a worker thread
 * (lib/uploads/parseThread.ts) as in the calling process. A structural problem found anywhere (truncation,
 * limits) ends it with ok: false, and the caller discards whatever it staged.
 */
export async function parseFileToChunks(filePath: string, choices: StagingChoices, settings: ParseSettings, sink: ChunkSink): Promise<ParseOutcome> {
  let seq = 0;
  let rowsTotal = 0;
  let rowsRejected = 0;
  let stationRows = 0;
  let chunk: Chunk = emptyChunk();
  let errors: { row: number; reason: string }[] = [];
  const storing: Promise<void>[] = [];
  const flushChunk = async () => {
    if (chunk.row.length === 0) return;
    const rows = chunk.row.length;
    const payload = encodeChunk(chunk, settings.uploadId);
    chunk = emptyChunk();
    const stored = sink.chunk(seq++, rows, payload);
    // Awaited in order below; this only keeps a failure that comes before its turn from counting as unhandled.
    stored.catch(() => {});
    storing.push(stored);
    if (storing.length >= CHUNKS_IN_FLIGHT) await storing.shift();
  };
  const flushErrors = async () => {
    if (errors.length === 0) return;
    const list = errors;
    errors = [];
    await sink.errors(list);
  };
  try {
    const { format, rows } = await openVoteRows(filePath, { limits: { maxRows: settings.maxRows }, ...choices });
    await sink.format(format);
    for await (const parsed of rows) {
      rowsTotal++;
      if (parsed.error !== undefined) {
        rowsRejected++;
        errors.push({ row: parsed.row, reason: parsed.error });
        if (errors.length >= ERROR_BATCH) await flushErrors();
        continue;
      }
      pushVote(chunk, parsed.row, parsed.vote);
      if (parsed.vote.station !== '') stationRows++;
      if (chunk.row.length >= settings.chunkRows) await flushChunk();
    }
    await flushChunk();
    while (storing.length > 0) await storing.shift();
    await flushErrors();
    return { ok: true, rowsTotal, rowsRejected, chunks: seq, stationRows };
  } catch (err) {
    // Nothing may still be on its way to the store when the caller cleans up after a failed file.
    await Promise.allSettled(storing);
    // The caller's own refusal (e.g. the upload was cancelled) is its business, not a problem with the file.
    if (err instanceof SinkStopped) throw err;
    if (err instanceof IngestError) return { ok: false, rowsTotal, message: err.message, internal: false };
    return { ok: false, rowsTotal, message: `the file could not be read: ${(err as Error).message}`, internal: true };
  }
}
