import { rm } from 'node:fs/promises';
import { getPrisma } from '../db';
import { getEnv } from '../env';
import type { ExplicitMapping } from '../ingest/mapColumns';
import { openVoteRows } from '../ingest/readVoteRows';
import { IngestError } from '../ingest/types';
import { log } from '../log';
import { publishProgress } from './uploadProgress';
import { CHUNK_TTL_SECONDS, chunkJobId, chunkKey, emptyChunk, getIngestQueue, pushRow, type Chunk } from '../queue';
import { getRedis } from '../redis';

const ERROR_BATCH = 1000;

/**
 * Parses a spooled upload file and stages its rows in Redis as chunks; only when the whole file has parsed are the
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
  const redis = getRedis();
  let seq = 0;
  let rowsTotal = 0;
  let rowsRejected = 0;
  let chunk: Chunk = emptyChunk();
  let errors: { row: number; reason: string }[] = [];

  const flushChunk = async () => {
    if (chunk.row.length === 0) return;
    await redis.set(chunkKey(uploadId, seq), JSON.stringify(chunk), 'EX', CHUNK_TTL_SECONDS);
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
    await prisma.upload.update({ where: { id: uploadId }, data: { status: 'processing' } });
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
      const v = parsed.vote;
      pushRow(chunk, { ...v, row: parsed.row, extra: v.extra ? JSON.stringify(v.extra) : null });
      if (chunk.row.length >= env.CHUNK_ROWS) await flushChunk();
    }
    await flushChunk();
    await flushErrors();
  } catch (err) {
    await discardStaged(uploadId, seq);
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
  await prisma.$executeRaw`
    UPDATE upload SET rows_total = ${rowsTotal}, rows_rejected = rows_rejected + ${rowsRejected}, chunks_total = ${chunksTotal},
      parsed_at = now(),
      status = CASE WHEN chunks_done = ${chunksTotal} THEN 'done' ELSE status END,
      finished_at = CASE WHEN chunks_done = ${chunksTotal} THEN now() ELSE finished_at END
    WHERE id = ${uploadId}::uuid`;
  if (chunksTotal > 0) {
    const jobs = Array.from({ length: chunksTotal }, (_, s) => {
      const data = { uploadId, seq: s };
      return { name: 'chunk', data, opts: { jobId: chunkJobId(data) } };
    });
    await getIngestQueue().addBulk(jobs);
  }
  await publishProgress(uploadId);
  log.info({ uploadId, rowsTotal, rowsRejected, chunksTotal }, 'upload staged');
}

async function discardStaged(uploadId: string, chunks: number): Promise<void> {
  if (chunks === 0) return;
  const keys = Array.from({ length: chunks }, (_, s) => chunkKey(uploadId, s));
  await getRedis().del(...keys);
}
