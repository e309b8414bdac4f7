import { CHANNEL, channelName, type UploadProgress } from '../events';
import { getPrisma } from '../db';
import { getEnv } from '../env';
import { getRedis } from '../redis';

export async function getUploadProgress(uploadId: string): Promise<UploadProgress | null> {
  const u = await getPrisma().upload.findUnique({ where: { id: uploadId } });
  if (!u) return null;
  return {
    uploadId: u.id,
    status: u.status as UploadProgress['status'],
    rowsTotal: u.rowsTotal,
    rowsAccepted: u.rowsAccepted,
    rowsRejected: u.rowsRejected,
    chunksDone: u.chunksDone,
    chunksTotal: u.chunksTotal,
    ...(u.errorMessage ? { error: u.errorMessage } : {}),
  };
}

/** Reads an upload's counters and publishes them for every web node to relay. */
export async function publishProgress(uploadId: string): Promise<void> {
  const progress = await getUploadProgress(uploadId);
  if (progress) await getRedis().publish(channelName(getEnv().QUEUE_PREFIX, CHANNEL.uploadProgress), JSON.stringify(progress));
}

/**
 * Marks an upload failed when one of its chunks can never be applied. Chunks already counted stay counted (the
 * message says so; an admin can retract the upload); chunks not counted yet are dropped.
 */
export async function failUpload(uploadId: string, reason: string): Promise<void> {
  const prisma = getPrisma();
  const [failed] = await prisma.$transaction([
    prisma.upload.updateMany({
      where: { id: uploadId, status: { in: ['queued', 'processing'] } },
      data: { status: 'failed', errorMessage: `${reason}; chunks counted before this stay counted (retract the upload to remove them)`, finishedAt: new Date() },
    }),
    prisma.stagedChunk.deleteMany({ where: { uploadId, upload: { status: 'failed' } } }),
  ]);
  if (failed.count > 0) await publishProgress(uploadId);
}
