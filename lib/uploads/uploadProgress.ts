import { CHANNEL, channelName, type UploadProgress } from '../events';
import { getPrisma } from '../db';
import { getEnv } from '../env';
import { getRedis } from '../redis';
import { inTransaction } from '../sql';
import { discardStagedChunks } from './stagedChunks';

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
  const failed = await inTransaction(async (sql) => {
    const rows = await sql.query(
      `UPDATE upload SET status = 'failed', error_message = $2, finished_at = now()
       WHERE id = $1::uuid AND status IN ('queued', 'processing') RETURNING id`,
      [uploadId, `${reason}; chunks counted before this stay counted (retract the upload to remove them)`],
    );
    if (rows.length > 0) await discardStagedChunks(sql, uploadId);
    return rows.length > 0;
  });
  if (failed) await publishProgress(uploadId);
}
