import type { Chunk } from '../chunk';
import type { Sql } from '../sql';

export interface RowRejection {
  row: number;
  reason: string;
}

/** A row of another upload (or an earlier chunk of this one) that loses its voter id to an earlier row. */
export interface DisplacedRow {
  uploadId: string;
  row: number;
  voterId: string;
}

export interface VoterClaims {
  /** Indexes into the chunk of the rows that count. */
  accepted: number[];
  /** Rows of this chunk that are duplicates of an earlier row. */
  rejected: RowRejection[];
  /** Rows already counted that an earlier row of this chunk takes the voter id from: they must be uncounted. */
  displaced: DisplacedRow[];
}

/**
 * Decides, inside the chunk's transaction, which rows count under the rule "a voter id counts once: the earliest row
 * by (upload seq, row number) wins". Because the winner is defined by that order and not by which worker commits
 * first, the final tallies do not depend on how chunks were scheduled.
 *
 * Step 1 claims every free id at once (ON CONFLICT DO NOTHING waits for a concurrent claim of the same id to commit
 * or abort). Step 2 locks the ids that were already claimed (now all committed) and compares order keys; an earlier
 * row takes the claim over and reports the row it displaces.
 */
export async function claimVoters(sql: Sql, uploadId: string, uploadSeq: number, chunk: Chunk): Promise<VoterClaims> {
  const accepted: number[] = [];
  const rejected: RowRejection[] = [];
  const displaced: DisplacedRow[] = [];

  // The earliest row for each id within this chunk; later ones are duplicates inside the same file.
  const firstById = new Map<string, number>();
  for (let i = 0; i < chunk.row.length; i++) {
    const id = chunk.voterId[i];
    if (id === null) {
      accepted.push(i);
      continue;
    }
    const prev = firstById.get(id);
    if (prev === undefined) firstById.set(id, i);
    else {
      const [keep, drop] = chunk.row[i] < chunk.row[prev] ? [i, prev] : [prev, i];
      firstById.set(id, keep);
      rejected.push({ row: chunk.row[drop], reason: `duplicate voter id ${id}: row ${chunk.row[keep]} of this file counts` });
    }
  }
  if (firstById.size === 0) return { accepted, rejected, displaced };

  // Sorted ids: concurrent transactions take row locks in the same order.
  const ids = [...firstById.keys()].sort();
  const rows = ids.map((id) => chunk.row[firstById.get(id)!]);
  // Only the ids that were already claimed come back (about 1%), not the thousands that were free.
  const taken = await sql.query<{ voter_id: string }>(
    `WITH fresh AS (
       INSERT INTO voter_claim (voter_id, upload_seq, upload_id, row_number)
       SELECT v, $1, $2::uuid, r FROM unnest($3::text[], $4::int[]) AS t(v, r) ORDER BY v
       ON CONFLICT (voter_id) DO NOTHING
       RETURNING voter_id
     )
     SELECT v AS voter_id FROM unnest($3::text[]) AS v WHERE v NOT IN (SELECT voter_id FROM fresh) ORDER BY v`,
    [uploadSeq, uploadId, ids, rows],
  );
  const contested = taken.map((t) => t.voter_id);
  const won = new Set(ids);
  for (const id of contested) won.delete(id);

  if (contested.length > 0) {
    const holders = await sql.query<{ voter_id: string; upload_seq: number; upload_id: string; row_number: number }>(
      `SELECT voter_id, upload_seq::float8 AS upload_seq, upload_id::text AS upload_id, row_number FROM voter_claim
       WHERE voter_id = ANY($1::text[]) ORDER BY voter_id FOR UPDATE`,
      [contested],
    );
    const takeIds: string[] = [];
    const takeRows: number[] = [];
    for (const h of holders) {
      const row = chunk.row[firstById.get(h.voter_id)!];
      const earlier = uploadSeq < h.upload_seq || (uploadSeq === h.upload_seq && row < h.row_number);
      if (earlier) {
        won.add(h.voter_id);
        takeIds.push(h.voter_id);
        takeRows.push(row);
        displaced.push({ uploadId: h.upload_id, row: h.row_number, voterId: h.voter_id });
      } else {
        const where = h.upload_id === uploadId ? `row ${h.row_number} of this file` : `upload #${h.upload_seq} row ${h.row_number}`;
        rejected.push({ row, reason: `duplicate voter id ${h.voter_id}: already counted (${where})` });
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
  for (const id of ids) if (won.has(id)) accepted.push(firstById.get(id)!);
  accepted.sort((a, b) => a - b);
  rejected.sort((a, b) => a.row - b.row);
  return { accepted, rejected, displaced };
}
