import type { Redis } from 'ioredis';
import { CHANNEL, channelName, type CommittedDelta, type UploadProgress } from '../events';
import { getPrisma } from '../db';
import { getEnv } from '../env';
import { chunkKey, type Chunk, type ChunkJob } from '../queue';
import { applyChunk, UploadRetracted } from './applyChunk';

export class ChunkMissing extends Error {}

/**
 * The ingest worker's processor: loads the staged chunk, applies it exactly once, then tells every web node.
 * Publishing happens after commit; if the process dies in between, web nodes fill the gap from tally_delta.
 */
export async function processChunkJob(job: ChunkJob, redis: Redis): Promise<{ applied: boolean; version?: number }> {
  const key = chunkKey(job.uploadId, job.seq);
  const raw = await redis.get(key);
  if (raw === null) {
    // Already applied by an earlier attempt that died before deleting the key: nothing left to do.
    const done = await getPrisma().uploadChunk.findUnique({
      where: { uploadId_seq: { uploadId: job.uploadId, seq: job.seq } },
    });
    if (done) return { applied: false };
    throw new ChunkMissing(`staged rows of chunk ${job.seq} are gone from Redis (expired or Redis restarted)`);
  }
  let result;
  try {
    result = await applyChunk(job.uploadId, job.seq, JSON.parse(raw) as Chunk);
  } catch (err) {
    if (!(err instanceof UploadRetracted)) throw err;
    await redis.del(key);
    return { applied: false };
  }
  if (result.applied) {
    const prefix = getEnv().QUEUE_PREFIX;
    const delta: CommittedDelta = { version: result.version!, at: result.at!, cells: result.cells! };
    const progress: UploadProgress = { uploadId: job.uploadId, ...result.upload!, status: result.upload!.status as UploadProgress['status'] };
    await redis
      .multi()
      .publish(channelName(prefix, CHANNEL.tallyDelta), JSON.stringify(delta))
      .publish(channelName(prefix, CHANNEL.uploadProgress), JSON.stringify(progress))
      .exec();
  }
  await redis.del(key);
  return { applied: result.applied, version: result.version };
}
