import { rm } from 'node:fs/promises';
import { getPrisma } from '../db';
import { getEnv } from '../env';
import type { ExplicitMapping } from '../ingest/mapColumns';
import { openVoteRows } from '../ingest/readVoteRows';
import { IngestError } from '../ingest/types';
import { log } from '../log';
import { publishProgress } from './uploadProgress';
import { emptyChunk, enqueueChunkJobs, pushVote, type Chunk } from '../queue';
import { poolSql } from '../sql';
import { discardStagedChunks, stageChunk } from './stagedChunks';

const ERROR_BATCH = 1000;

/**
 * Parses a spooled upload file and stages its rows in Postgres as chunks; only when the whole file has parsed are the
 * chunk jobs enqueued. So a file that turns out to be broken halfway (truncated JSON, corrupt xlsx) counts nothing.
 * Rejected rows are stored with their row number and reason. The spooled file is removed at the end either way.
 */
/** What the uploader chose for a file: column roles and, for xlsx, the worksheet. */
export interface StagingChoices {
  mapping?: ExplicitMapping;
  sheet?: string;
}

export async function stageUpload(uploadId: string, filePath: string, choices: StagingChoices = {}): Promise<void> {
  const env = getEnv();
  const prisma = getPrisma();
  let seq = 0;
  let rowsTotal = 0;
  let rowsRejected = 0;
  let chunk: Chunk = emptyChunk();
  let errors: { row: number; reason: string }[] = [];

  const flushChunk = async () => {
    if (chunk.row.length === 0) return;
    await stageChunk(uploadId, seq, chunk);
    seq++;
    chunk = emptyChunk();
  };
  const flushErrors = async () => {
    if (errors.length === 0) return;
    await prisma.uploadError.createMany({
      data: errors.map((e) => ({ uploadId, row: e.row, reason: e.reason })),
      skipDuplicates: true,
    });
    errors = [];
  };

  try {
    // Only a queued upload starts; one a sweep already failed (this node looked dead) stays failed.
    const started = await prisma.upload.updateMany({ where: { id: uploadId, status: 'queued' }, data: { status: 'processing', heartbeatAt: new Date() } });
    if (started.count === 0) return;
    const { format, rows } = await openVoteRows(filePath, { limits: { maxRows: env.MAX_ROWS_PER_FILE }, ...choices });
    await prisma.upload.update({ where: { id: uploadId }, data: { format } });
    for await (const parsed of rows) {
      rowsTotal++;
      if (parsed.error !== undefined) {
        rowsRejected++;
        errors.push({ row: parsed.row, reason: parsed.error });
        if (errors.length >= ERROR_BATCH) await flushErrors();
        continue;
      }
      pushVote(chunk, parsed.row, parsed.vote);
      if (chunk.row.length >= env.CHUNK_ROWS) await flushChunk();
    }
    await flushChunk();
    await flushErrors();
  } catch (err) {
    await discardStagedChunks(poolSql(), uploadId);
    const message = err instanceof IngestError ? err.message : 'the file could not be read';
    if (!(err instanceof IngestError)) log.error({ err, uploadId }, 'upload parse failed');
    // A refused file counts nothing: its row errors would only confuse, the file-level reason says it all.
    await prisma.uploadError.deleteMany({ where: { uploadId } });
    await prisma.upload.update({
      where: { id: uploadId },
      data: { status: 'failed', errorMessage: message, rowsTotal, rowsRejected: 0, finishedAt: new Date() },
    });
    await publishProgress(uploadId);
    return;
  } finally {
    await rm(filePath, { force: true });
  }

  // All chunks are staged: publish the totals, then release the jobs. A file without a single countable row is
  // done at once (its rejected rows are listed).
  const chunksTotal = seq;
  const staged = await prisma.$executeRaw`
    UPDATE upload SET rows_total = ${rowsTotal}, rows_rejected = rows_rejected + ${rowsRejected}, chunks_total = ${chunksTotal},
      parsed_at = now(),
      status = CASE WHEN chunks_done = ${chunksTotal} THEN 'done' ELSE status END,
      finished_at = CASE WHEN chunks_done = ${chunksTotal} THEN now() ELSE finished_at END
    WHERE id = ${uploadId}::uuid AND status = 'processing'`;
  if (staged === 0) {
    // Failed by a sweep while this node was reading it (it looked dead), or retracted: count none of it.
    await discardStagedChunks(poolSql(), uploadId);
    return;
  }
  // Should this fail (Redis down), the chunks stay staged and a worker's sweep enqueues them (sweepUploads).
  await enqueueChunkJobs(Array.from({ length: chunksTotal }, (_, s) => ({ uploadId, seq: s })));
  await publishProgress(uploadId);
  log.info({ uploadId, rowsTotal, rowsRejected, chunksTotal }, 'upload staged');
}
