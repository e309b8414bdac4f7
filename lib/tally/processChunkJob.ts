import type { Redis } from 'ioredis';
import { CHANNEL, channelName, type CommittedDelta, type UploadProgress } from '../events';
import { getPrisma } from '../db';
import { getEnv } from '../env';
import type { ChunkJob } from '../queue';
import { loadStagedChunk } from '../uploads/stagedChunks';
import { publishCommitted } from '../live/publishCommitted';
import { publishProgress } from '../uploads/uploadProgress';
import { applyChunk, UploadRetracted } from './applyChunk';
import { countStations } from './countStations';

export class ChunkMissing extends Error {}

/** Upload states in which a chunk that is no longer staged is expected to be gone. */
const FINISHED = new Set(['failed', 'retracting', 'retracted']);

/**
 * The ingest worker's processor: loads the staged chunk, applies it exactly once, then tells every web node.
 * Publishing happens after commit; if the process dies in between, web nodes fill the gap from tally_delta.
 */
export async function processChunkJob(job: ChunkJob, redis: Redis): Promise<{ applied: boolean; version?: number }> {
  const chunk = await loadStagedChunk(job.uploadId, job.seq);
  if (chunk === null) {
    // Applying a chunk deletes its staged rows in the same transaction: gone means counted (a redelivery after a
    // commit), or dropped with its upload.
    const [state] = await getPrisma().$queryRaw<{ applied: boolean; status: string | null }[]>`
      SELECT EXISTS (SELECT 1 FROM upload_chunk WHERE upload_id = ${job.uploadId}::uuid AND seq = ${job.seq}) AS applied,
             (SELECT status FROM upload WHERE id = ${job.uploadId}::uuid) AS status`;
    if (state.applied) {
      // A redelivery after the commit (the worker died before or during the station step): finish that step.
      await countStationsOf(job.uploadId);
      return { applied: false };
    }
    if (state.status === null || FINISHED.has(state.status)) return { applied: false };
    throw new ChunkMissing(`staged rows of chunk ${job.seq} are missing`);
  }
  let result;
  try {
    result = await applyChunk(job.uploadId, job.seq, chunk);
  } catch (err) {
    if (err instanceof UploadRetracted) return { applied: false };
    throw err;
  }
  if (result.applied) {
    const prefix = getEnv().QUEUE_PREFIX;
    const delta: CommittedDelta = { version: result.version!, at: result.at!, cells: result.cells!, detail: result.detail };
    const progress: UploadProgress = { uploadId: job.uploadId, ...result.upload!, status: result.upload!.status as UploadProgress['status'] };
    await redis
      .multi()
      .publish(channelName(prefix, CHANNEL.tallyDelta), JSON.stringify(delta))
      .publish(channelName(prefix, CHANNEL.uploadProgress), JSON.stringify(progress))
      .exec();
    if (result.stationsDue) await countStationsOf(job.uploadId);
  }
  return { applied: result.applied, version: result.version };
}

/** The upload's station step (a no-op unless all its chunks are in and it has not run), then the news. */
export async function countStationsOf(uploadId: string): Promise<void> {
  const outcome = await countStations(uploadId);
  if (outcome === null) return;
  if (outcome.delta) await publishCommitted(outcome.delta);
  await publishProgress(uploadId);
}
