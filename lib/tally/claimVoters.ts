import type { Sql } from '../sql';
import type { PreparedChunk, RowRejection } from './prepareChunk';

export type { RowRejection } from './prepareChunk';

/** A row of another upload (or an earlier chunk of this one) that loses its voter id to an earlier row. */
export interface DisplacedRow {
  uploadId: string;
  row: number;
  voterId: string;
}

export interface VoterClaims {
  /** Rows of this chunk that do not count, sorted by row: duplicates within the chunk and rows whose voter id an
   * earlier row holds. */
  rejected: RowRejection[];
  /** Of those, the rows already stored in vote_record (all but the chunk's own duplicates): they must be deleted. */
  losers: number[];
  /** Rows already counted that an earlier row of this chunk takes the voter id from: they must be uncounted. */
  displaced: DisplacedRow[];
}

/**
 * Decides, inside the chunk's transaction, which rows count under the rule "a voter id counts once: the earliest row
 * by (upload seq, row number) wins". Because the winner is defined by that order and not by which worker commits
 * first, the final tallies do not depend on how chunks were scheduled. Duplicates within the chunk were settled
 * when it was prepared (prepareChunk).
 *
 * Step 1 claims every free id at once (ON CONFLICT DO NOTHING waits for a concurrent claim of the same id to commit
 * or abort); ids are inserted sorted, so concurrent transactions take row locks in the same order. Step 2 locks the
 * ids that were already claimed (now all committed) and compares order keys; an earlier row takes the claim over
 * and reports the row it displaces.
 */
export async function claimVoters(sql: Sql, uploadId: string, uploadSeq: number, chunk: PreparedChunk): Promise<VoterClaims> {
  const rejected = [...chunk.duplicates];
  const losers: number[] = [];
  const displaced: DisplacedRow[] = [];
  if (chunk.voterIds === '{}') return { rejected, losers, displaced };

  // Only the ids that were already claimed come back (about 1%), not the thousands that were free.
  const taken = await sql.query<{ voter_id: string; row_number: number }>(
    `WITH fresh AS (
       INSERT INTO voter_claim (voter_id, upload_seq, upload_id, row_number)
       SELECT v, $1, $2::uuid, r FROM unnest($3::text[], $4::int[]) AS t(v, r) ORDER BY v
       ON CONFLICT (voter_id) DO NOTHING
       RETURNING voter_id
     )
     SELECT v AS voter_id, r AS row_number FROM unnest($3::text[], $4::int[]) AS t(v, r)
     WHERE v NOT IN (SELECT voter_id FROM fresh) ORDER BY v`,
    [uploadSeq, uploadId, chunk.voterIds, chunk.voterRows],
  );

  if (taken.length > 0) {
    const rowOf = new Map(taken.map((t) => [t.voter_id, t.row_number]));
    const holders = await sql.query<{ voter_id: string; upload_seq: number; upload_id: string; row_number: number }>(
      `SELECT voter_id, upload_seq::float8 AS upload_seq, upload_id::text AS upload_id, row_number FROM voter_claim
       WHERE voter_id = ANY($1::text[]) ORDER BY voter_id FOR UPDATE`,
      [taken.map((t) => t.voter_id)],
    );
    // A claim that vanished between the two statements (its upload was retracted): start over rather than count
    // a row without a claim. The job is retried; the retry sees the claim gone.
    if (holders.length !== taken.length) throw new Error('voter claims changed while the chunk was being counted');
    const takeIds: string[] = [];
    const takeRows: number[] = [];
    for (const h of holders) {
      const row = rowOf.get(h.voter_id)!;
      const earlier = uploadSeq < h.upload_seq || (uploadSeq === h.upload_seq && row < h.row_number);
      if (earlier) {
        takeIds.push(h.voter_id);
        takeRows.push(row);
        displaced.push({ uploadId: h.upload_id, row: h.row_number, voterId: h.voter_id });
      } else {
        const where = h.upload_id === uploadId ? `row ${h.row_number} of this file` : `upload #${h.upload_seq} row ${h.row_number}`;
        rejected.push({ row, reason: `duplicate voter id ${h.voter_id}: already counted (${where})` });
        losers.push(row);
      }
    }
    if (takeIds.length > 0) {
      await sql.query(
        `UPDATE voter_claim AS c SET upload_seq = $1, upload_id = $2::uuid, row_number = t.r
         FROM unnest($3::text[], $4::int[]) AS t(v, r) WHERE c.voter_id = t.v`,
        [uploadSeq, uploadId, takeIds, takeRows],
      );
    }
  }
  rejected.sort((a, b) => a.row - b.row);
  return { rejected, losers, displaced };
}
