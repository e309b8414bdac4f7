import type { CommittedDelta } from '../events';
import { getPrisma } from '../db';
import type { TallyKeyVotes } from '../ingest/types';
import { isUuid } from '../uuid';
import { TallySums } from '../tally/aggregateChunk';
import { lockStations, settleStations, type Pair } from '../tally/countStations';
import { discardStagedChunks } from './stagedChunks';
import { inTransaction } from '../sql';
import { recordAudit, type AuditActor } from '../audit/auditLog';

export type RetractResult =
  | { ok: true; delta: CommittedDelta | null; rowsRemoved: number; votesRemoved: number }
  | { ok: false; code: 'not_found' | 'already_retracted'; message: string };

/**
 * Takes an upload out of the count, in two steps so it never deadlocks with chunks of the same upload in flight:
 * 1. a short transaction marks it 'retracting': from then on no chunk of it can commit (every chunk transaction
 *    re-reads the status when it updates the upload row, last, and rolls back when it sees a retraction);
 * 2. one transaction deletes its raw rows and voter-id claims, subtracts exactly their sums from the tallies,
 *    records the change as a new version, and only then marks the upload 'retracted' (taking its row lock last,
 *    like chunk transactions do).
 * If the process dies between the two, the upload stays 'retracting' (counting nothing new) and retracting it
 * again finishes the job. Rows it had blocked as duplicates are not re-counted by themselves: upload their files
 * again (README "Retraction").
 */
export async function retractUpload(uploadId: string, by: AuditActor): Promise<RetractResult> {
  if (!isUuid(uploadId)) return { ok: false, code: 'not_found', message: 'no such upload' };
  const prisma = getPrisma();
  const marked = await prisma.$queryRaw<{ id: string }[]>`
    UPDATE upload SET status = 'retracting' WHERE id = ${uploadId}::uuid AND status <> 'retracted' RETURNING id`;
  if (marked.length === 0) {
    const exists = await prisma.upload.findUnique({ where: { id: uploadId }, select: { id: true } });
    return exists
      ? { ok: false, code: 'already_retracted', message: 'this upload is already retracted' }
      : { ok: false, code: 'not_found', message: 'no such upload' };
  }
  // Deadlocks with other uploads' chunks (shared tally rows or voter ids) abort one side: retry ours.
  for (let attempt = 1; ; attempt++) {
    try {
      return await removeContribution(uploadId, by);
    } catch (err) {
      if (attempt >= 10 || !/deadlock|40P01|P2034/i.test(`${(err as Error).message} ${(err as { code?: string }).code}`)) throw err;
    }
  }
}

function removeContribution(uploadId: string, by: AuditActor): Promise<RetractResult> {
  return inTransaction(
    async (sql): Promise<RetractResult> => {
      // Station reports are settled under their lock, taken first as the station step takes it.
      await lockStations(sql);
      const removed = await sql.query<TallyKeyVotes & { rows: number }>(
        `WITH gone AS (DELETE FROM vote_record WHERE upload_id = $1::uuid AND station = ''
                       RETURNING contest, region, province, district, candidate, status, votes)
         SELECT contest, region, province, district, candidate, status, sum(votes)::float8 AS votes, count(*)::float8 AS rows
         FROM gone GROUP BY 1, 2, 3, 4, 5, 6`,
        [uploadId],
      );
      await sql.query('DELETE FROM voter_claim WHERE upload_id = $1::uuid', [uploadId]);
      // Chunks not counted yet never will be.
      await discardStagedChunks(sql, uploadId);

      const negated = new TallySums();
      let rowsRemoved = 0;
      for (const r of removed) {
        negated.add(r.contest, r.region, r.province, r.district, r.candidate, r.status, -r.votes);
        rowsRemoved += r.rows;
      }
      const ballotVotes = -negated.votes;
      // Its station reports leave: where one was counted, the station's previous report counts again.
      const pairs = await sql.query<Pair>('SELECT contest, station FROM station_report WHERE upload_id = $1::uuid', [uploadId]);
      const [stationRows] = await sql.query<{ rows: number }>(
        `SELECT count(*)::float8 AS rows FROM vote_record WHERE upload_id = $1::uuid AND station <> ''`,
        [uploadId],
      );
      const settled = await settleStations(sql, pairs, 'retraction', uploadId, { retracting: uploadId, base: negated });
      await sql.query(`DELETE FROM vote_record WHERE upload_id = $1::uuid`, [uploadId]);
      rowsRemoved += stationRows?.rows ?? 0;
      const delta = settled.delta;
      const cells = delta?.cells ?? [];
      const votesRemoved = ballotVotes - settled.changes.reduce((n, c) => n + (c.after ?? 0) - (c.before ?? 0), 0);
      await sql.query(
        `UPDATE upload SET status = 'retracted', retracted_at = now(), retracted_by = $2::uuid,
           finished_at = coalesce(finished_at, now())
         WHERE id = $1::uuid`,
        [uploadId, by.id],
      );
      const [u] = await sql.query<{ filename: string; sha256: string }>('SELECT filename, sha256 FROM upload WHERE id = $1::uuid', [uploadId]);
      await recordAudit(sql, {
        actor: by,
        action: 'upload.retract',
        subject: uploadId,
        details: { filename: u?.filename, sha256: u?.sha256, rowsRemoved, votesRemoved, version: delta?.version ?? null, cells, stations: settled.changes },
      });
      return { ok: true, delta, rowsRemoved, votesRemoved };
    },
    { statementTimeoutMs: 300_000 },
  );
}
