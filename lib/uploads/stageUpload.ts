import { rm } from 'node:fs/promises';
import { getPrisma } from '../db';
import { getEnv } from '../env';
import { log } from '../log';
import { publishProgress } from './uploadProgress';
import { enqueueChunkJobs } from '../queue';
import { poolSql } from '../sql';
import { parseFileToChunks, type ChunkSink, type ParseOutcome, type ParseSettings, type StagingChoices } from './parseFileToChunks';
import { discardStagedChunks, stageEncodedChunk, UploadCancelled } from './stagedChunks';

export type { StagingChoices } from './parseFileToChunks';

/** Runs parseFileToChunks somewhere: in worker threads when the web node registered a pool, else in this process. */
export type FileParser = (filePath: string, choices: StagingChoices, settings: ParseSettings, sink: ChunkSink) => Promise<ParseOutcome>;

const PARSER = Symbol.for('tally.fileParser');
type Holder = { [PARSER]?: FileParser };

/** server.ts registers its thread pool here, so parsing never blocks the event loop that serves sockets and API. */
export function useFileParser(parser: FileParser | undefined): void {
  (globalThis as Holder)[PARSER] = parser;
}

/**
 * Parses a spooled upload file and stages its rows in Postgres as chunks; only when the whole file has parsed are the
 * chunk jobs enqueued. So a file that turns out to be broken halfway (truncated JSON, corrupt xlsx) counts nothing.
 * Rejected rows are stored with their row number and reason. The spooled file is removed at the end either way.
 */
export async function stageUpload(uploadId: string, filePath: string, choices: StagingChoices = {}): Promise<void> {
  const env = getEnv();
  const prisma = getPrisma();
  let outcome: ParseOutcome;
  try {
    // Only a queued upload starts; one a sweep already failed (this node looked dead) stays failed.
    const started = await prisma.upload.updateMany({ where: { id: uploadId, status: 'queued' }, data: { status: 'processing', heartbeatAt: new Date() } });
    if (started.count === 0) return;
    const sink: ChunkSink = {
      format: async (format) => {
        await prisma.upload.update({ where: { id: uploadId }, data: { format } });
      },
      chunk: (seq, rows, payload) => stageEncodedChunk(uploadId, seq, rows, payload),
      errors: async (list) => {
        await prisma.uploadError.createMany({ data: list.map((e) => ({ uploadId, row: e.row, reason: e.reason })), skipDuplicates: true });
      },
    };
    const parse = (globalThis as Holder)[PARSER] ?? parseFileToChunks;
    outcome = await parse(filePath, choices, { uploadId, chunkRows: env.CHUNK_ROWS, maxRows: env.MAX_ROWS_PER_FILE }, sink);
  } catch (err) {
    if (err instanceof UploadCancelled) {
      // Cancelled while being read: what it staged goes, its status (set by whoever cancelled it) stays.
      await discardStagedChunks(poolSql(), uploadId);
      log.info({ uploadId, reason: err.message }, 'stopped reading a cancelled upload');
      return;
    }
    // The database or the thread failed, not the file.
    outcome = { ok: false, rowsTotal: 0, message: 'the file could not be read', internal: true };
    log.error({ err, uploadId }, 'staging failed');
  } finally {
    await rm(filePath, { force: true });
  }

  if (!outcome.ok) {
    await discardStagedChunks(poolSql(), uploadId);
    if (outcome.internal) log.error({ uploadId, message: outcome.message }, 'upload parse failed');
    // A refused file counts nothing: its row errors would only confuse, the file-level reason says it all.
    await prisma.uploadError.deleteMany({ where: { uploadId } });
    await prisma.upload.updateMany({
      where: { id: uploadId, status: 'processing' },
      data: {
        status: 'failed',
        errorMessage: outcome.internal ? 'the file could not be read' : outcome.message,
        rowsTotal: outcome.rowsTotal,
        rowsRejected: 0,
        finishedAt: new Date(),
      },
    });
    await publishProgress(uploadId);
    return;
  }

  // All chunks are staged: publish the totals, then release the jobs. A file without a single countable row is
  // done at once (its rejected rows are listed).
  const { rowsTotal, rowsRejected, chunks: chunksTotal, stationRows } = outcome;
  const staged = await prisma.$executeRaw`
    UPDATE upload SET rows_total = ${rowsTotal}, rows_rejected = rows_rejected + ${rowsRejected}, chunks_total = ${chunksTotal},
      station_rows = ${stationRows},
      parsed_at = now(),
      status = CASE WHEN chunks_done = ${chunksTotal} THEN 'done' ELSE status END,
      finished_at = CASE WHEN chunks_done = ${chunksTotal} THEN now() ELSE finished_at END
    WHERE id = ${uploadId}::uuid AND status = 'processing'`;
  if (staged === 0) {
    // Failed by a sweep while this node was reading it (it looked dead), retracted, or cancelled by a reset.
    await discardStagedChunks(poolSql(), uploadId);
    return;
  }
  // Should this fail (Redis down), the chunks stay staged and a worker's sweep enqueues them (sweepUploads).
  await enqueueChunkJobs(Array.from({ length: chunksTotal }, (_, s) => ({ uploadId, seq: s })));
  await publishProgress(uploadId);
  log.info({ uploadId, rowsTotal, rowsRejected, chunksTotal }, 'upload staged');
}
