import type { TallyCell } from '../events';
import { getPrisma } from '../db';
import type { Chunk } from '../queue';
import { aggregateChunk } from './aggregateChunk';

export interface AppliedChunk {
  /** false when this chunk had already been applied: a retry or a duplicate job, nothing changed. */
  applied: boolean;
  version?: number;
  at?: string;
  cells?: TallyCell[];
  upload?: {
    status: string;
    rowsTotal: number;
    rowsAccepted: number;
    rowsRejected: number;
    chunksDone: number;
    chunksTotal: number | null;
  };
}

/**
 * Applies one staged chunk in ONE transaction: records the chunk as applied (the guard that makes a retry a no-op),
 * stores the raw rows, adds their counts to the tallies, bumps the tally version and writes the version's delta.
 * Either all of that commits or none of it does, so a worker killed at any point never loses or doubles a vote.
 *
 * Lock order is always: upload_chunk guard → tally rows (sorted keys) → tally_version → upload. The version row is
 * taken last and held only until commit, which also makes versions follow commit order.
 */
export async function applyChunk(uploadId: string, seq: number, chunk: Chunk): Promise<AppliedChunk> {
  const agg = aggregateChunk(chunk);
  const inc = agg.increments;
  const n = chunk.row.length;
  return getPrisma().$transaction(async (tx) => {
    const guard = await tx.$queryRaw<{ seq: number }[]>`
      INSERT INTO upload_chunk (upload_id, seq, rows, votes, version)
      VALUES (${uploadId}::uuid, ${seq}, ${n}, ${agg.votes}, 0)
      ON CONFLICT (upload_id, seq) DO NOTHING
      RETURNING seq`;
    if (guard.length === 0) return { applied: false };

    await tx.$executeRaw`
      INSERT INTO vote_record (upload_id, row_number, region, province, district, candidate, valid, votes, voter_id, extra)
      SELECT ${uploadId}::uuid, r.row_number, r.region, r.province, r.district, r.candidate, r.valid, r.votes,
             r.voter_id, r.extra::jsonb
      FROM unnest(${chunk.row}::int[], ${chunk.region}::text[], ${chunk.province}::text[], ${chunk.district}::text[],
                  ${chunk.candidate}::text[], ${chunk.valid}::boolean[], ${chunk.votes}::int[],
                  ${chunk.voterId}::text[], ${chunk.extra}::text[])
        AS r(row_number, region, province, district, candidate, valid, votes, voter_id, extra)`;

    if (inc.region.length > 0) {
      await tx.$executeRaw`
        INSERT INTO tally AS t (region, province, district, candidate, valid, votes)
        SELECT * FROM unnest(${inc.region}::text[], ${inc.province}::text[], ${inc.district}::text[],
                             ${inc.candidate}::text[], ${inc.valid}::boolean[], ${inc.votes}::bigint[])
        ON CONFLICT (region, province, district, candidate, valid) DO UPDATE SET votes = t.votes + EXCLUDED.votes`;
    }

    const [{ version, updated_at }] = await tx.$queryRaw<{ version: bigint; updated_at: Date }[]>`
      UPDATE tally_version SET version = version + 1, updated_at = now() WHERE id = 1
      RETURNING version, updated_at`;
    await tx.$executeRaw`
      INSERT INTO tally_delta (version, reason, upload_id, cells, created_at)
      VALUES (${version}, 'upload', ${uploadId}::uuid, ${JSON.stringify(agg.cells)}::jsonb, ${updated_at})`;
    await tx.$executeRaw`UPDATE upload_chunk SET version = ${version} WHERE upload_id = ${uploadId}::uuid AND seq = ${seq}`;

    const [upload] = await tx.$queryRaw<
      {
        status: string;
        rows_total: number;
        rows_accepted: number;
        rows_rejected: number;
        chunks_done: number;
        chunks_total: number | null;
      }[]
    >`
      UPDATE upload SET
        chunks_done = chunks_done + 1,
        rows_accepted = rows_accepted + ${n},
        votes_accepted = votes_accepted + ${agg.votes},
        status = CASE WHEN chunks_total = chunks_done + 1 THEN 'done' ELSE 'processing' END,
        finished_at = CASE WHEN chunks_total = chunks_done + 1 THEN now() ELSE finished_at END
      WHERE id = ${uploadId}::uuid
      RETURNING status, rows_total, rows_accepted, rows_rejected, chunks_done, chunks_total`;

    return {
      applied: true,
      version: Number(version),
      at: updated_at.toISOString(),
      cells: agg.cells,
      upload: upload && {
        status: upload.status,
        rowsTotal: upload.rows_total,
        rowsAccepted: upload.rows_accepted,
        rowsRejected: upload.rows_rejected,
        chunksDone: upload.chunks_done,
        chunksTotal: upload.chunks_total,
      },
    };
  }, { maxWait: 30_000, timeout: 120_000 });
}
