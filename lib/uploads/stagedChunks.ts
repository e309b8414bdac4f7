import type { Chunk } from '../chunk';
import type { PreparedChunk } from '../tally/prepareChunk';
import type pg from 'pg';
import { getPool } from '../db';
import { poolSql, type Sql } from '../sql';
import { decodeChunk, encodeChunk } from './chunkCodec';
import { SinkStopped } from './parseFileToChunks';

// Parsed rows waiting to be counted. In Postgres rather than Redis so that a Redis restart loses no rows (a lost
// job is enqueued again from here); applyChunk deletes a chunk's row in the transaction that counts it.

/** Stages a chunk whatever its upload's state (tests and tools; uploads being read use stageEncodedChunk). */
export async function stageChunk(uploadId: string, seq: number, chunk: Chunk): Promise<void> {
  await poolSql().query(
    `INSERT INTO staged_chunk (upload_id, seq, rows, payload) VALUES ($1::uuid, $2, $3, $4) ON CONFLICT (upload_id, seq) DO NOTHING`,
    [uploadId, seq, chunk.row.length, encodeChunk(chunk, uploadId)],
  );
}

/** The upload stopped being read (a reset cancelled it, a sweep failed it, an admin retracted it). */
export class UploadCancelled extends SinkStopped {}

/**
 * A chunk already encoded (by a parse thread): stored as it is, while its upload is still being read. Throws
 * UploadCancelled otherwise, so a cancelled file is not read to the end for nothing.
 */
export async function stageEncodedChunk(uploadId: string, seq: number, rows: number, payload: Buffer): Promise<void> {
  const stored = await poolSql().query(
    `INSERT INTO staged_chunk (upload_id, seq, rows, payload)
     SELECT $1::uuid, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM upload WHERE id = $1::uuid AND status = 'processing')
     ON CONFLICT (upload_id, seq) DO NOTHING
     RETURNING seq`,
    [uploadId, seq, rows, payload],
  );
  if (stored.length === 0) {
    const [u] = await poolSql().query<{ status: string }>('SELECT status FROM upload WHERE id = $1::uuid', [uploadId]);
    if (u?.status !== 'processing') throw new UploadCancelled(`upload ${uploadId} is ${u?.status ?? 'gone'}`);
  }
}

/** The chunk ready to count, or null when no longer staged (counted already, or its upload failed or was retracted). */
export async function loadStagedChunk(uploadId: string, seq: number): Promise<PreparedChunk | null> {
  // In binary, as the raw bytes: the COPY text inside goes to Postgres again without being decoded and re-encoded.
  const { rows } = await getPool().query<{ payload: Buffer }>({
    text: 'SELECT payload FROM staged_chunk WHERE upload_id = $1::uuid AND seq = $2',
    values: [uploadId, seq],
    binary: true,
    types: { getTypeParser: () => (raw: Buffer) => raw },
  } as pg.QueryConfig);
  return rows.length === 0 ? null : decodeChunk(rows[0].payload, uploadId);
}

/** Drops every chunk of an upload that will not be counted (a refused file, a retraction). */
export async function discardStagedChunks(sql: Sql, uploadId: string): Promise<void> {
  await sql.query('DELETE FROM staged_chunk WHERE upload_id = $1::uuid', [uploadId]);
}
