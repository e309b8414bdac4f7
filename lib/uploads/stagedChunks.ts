import { getPrisma } from '../db';
import type { Prisma } from '../generated/prisma/client';
import type { Chunk } from '../queue';

// Parsed rows waiting to be counted. In Postgres rather than Redis so that a Redis restart loses no rows (a lost
// job is enqueued again from here); applyChunk deletes a chunk's row in the transaction that counts it.

type Db = Pick<Prisma.TransactionClient, '$executeRaw' | '$queryRaw'>;

export async function stageChunk(uploadId: string, seq: number, chunk: Chunk): Promise<void> {
  await getPrisma().$executeRaw`
    INSERT INTO staged_chunk (upload_id, seq, rows, payload)
    VALUES (${uploadId}::uuid, ${seq}, ${chunk.row.length}, ${JSON.stringify(chunk)})
    ON CONFLICT (upload_id, seq) DO NOTHING`;
}

/** The chunk's rows, or null when no longer staged (counted already, or its upload failed or was retracted). */
export async function loadStagedChunk(uploadId: string, seq: number): Promise<Chunk | null> {
  const rows = await getPrisma().$queryRaw<{ payload: string }[]>`
    SELECT payload FROM staged_chunk WHERE upload_id = ${uploadId}::uuid AND seq = ${seq}`;
  return rows.length === 0 ? null : (JSON.parse(rows[0].payload) as Chunk);
}

/** Inside the counting transaction: the chunk is no longer waiting. */
export async function unstageChunk(tx: Db, uploadId: string, seq: number): Promise<void> {
  await tx.$executeRaw`DELETE FROM staged_chunk WHERE upload_id = ${uploadId}::uuid AND seq = ${seq}`;
}

/** Drops every chunk of an upload that will not be counted (a refused file, a retraction). */
export async function discardStagedChunks(db: Db, uploadId: string): Promise<void> {
  await db.$executeRaw`DELETE FROM staged_chunk WHERE upload_id = ${uploadId}::uuid`;
}
