import type { CommittedDelta, ContestCell } from '../events';
import type { VoteStatus } from '../ingest/types';
import { recordAudit, type AuditActor } from '../audit/auditLog';
import { REGION_CELLS_SQL } from '../results/getSnapshot';
import { inTransaction, type Sql } from '../sql';
import { commitTallyChange } from '../tally/commitTallyChange';
import { lockStations } from '../tally/countStations';

export interface ResetResult {
  version: number;
  at: string;
  /** The change the reset made to the live feed: every region cell back to zero (for gap-filling clients). */
  delta: CommittedDelta;
  before: { votes: number; valid: number; blank: number; null: number; rows: number; uploads: number };
  /** Uploads that were being read or counted and were cancelled. */
  cancelled: number;
}

/**
 * Clears every count: tallies, stored rows, voter-id claims and chunks still waiting, in ONE transaction that first
 * takes the counting tables in the order chunk transactions take them (staged_chunk → vote_record → voter_claim →
 * tally). So a reset waits for the chunks being counted at that moment to commit, and chunks that start after it
 * find their staged rows gone and count nothing (applyChunk counts only a chunk that is still staged).
 *
 * The rule for uploads running during a reset: they are CANCELLED, not finished later. An upload that was queued,
 * being read or being counted is marked failed ("cancelled by a reset"), whatever part of it had been counted is
 * cleared with everything else, and a web node still reading its file discards what it read. Every upload counted
 * before gets `reset_at`, so the same files can be uploaded again. Nothing half-counted survives.
 *
 * Raw rows are deleted, not archived: the audit entry keeps the totals and the per-region results as they stood,
 * the uploads keep their file name, sha256 and counters, and the files themselves are with their officials. Keeping
 * millions of rows nobody may count again would only slow every later count.
 *
 * The version goes up and the ledger gets a 'reset' delta that takes every region cell to zero, so a client that
 * missed the live `tally:reset` still ends exactly at zero by replaying deltas.
 */
export async function resetCounts(actor: AuditActor): Promise<ResetResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction((sql) => clearEverything(sql, actor), { statementTimeoutMs: 300_000 });
    } catch (err) {
      // A retraction running at the same moment takes tables in another order; Postgres aborts one side.
      if (attempt >= 5 || (err as { code?: string }).code !== '40P01') throw err;
    }
  }
}

async function clearEverything(sql: Sql, actor: AuditActor): Promise<ResetResult> {
  await lockStations(sql);
  await sql.query('LOCK TABLE staged_chunk, vote_record, voter_claim, tally IN ACCESS EXCLUSIVE MODE');

  const cellsBefore = (await sql.query<{ contest: string; region: string; candidate: string; status: VoteStatus; votes: string }>(REGION_CELLS_SQL)).map(
    (c) => ({ ...c, votes: Number(c.votes) }),
  );
  const before = { votes: 0, valid: 0, blank: 0, null: 0, rows: 0, uploads: 0 };
  for (const c of cellsBefore) {
    before.votes += c.votes;
    before[c.status] += c.votes;
  }
  const [{ rows }] = await sql.query<{ rows: number }>('SELECT count(*)::float8 AS rows FROM vote_record');
  before.rows = rows;

  // Station reports go with their rows; station_change stays, as the ledger's history does.
  await sql.query('TRUNCATE staged_chunk, vote_record, voter_claim, station_report');
  await sql.query('DELETE FROM tally');

  const now = await sql.query<{ cancelled: number; cleared: number }>(
    `WITH cancelled AS (
       UPDATE upload SET status = 'failed', reset_at = now(), finished_at = coalesce(finished_at, now()),
         error_message = 'cancelled by a reset of the counts; upload the file again to count it'
       WHERE status IN ('queued', 'processing') RETURNING id
     ), cleared AS (
       UPDATE upload SET reset_at = now()
       WHERE reset_at IS NULL AND (status = 'done' OR (status = 'failed' AND chunks_done > 0)) RETURNING id
     )
     SELECT (SELECT count(*) FROM cancelled)::float8 AS cancelled, (SELECT count(*) FROM cleared)::float8 AS cleared`,
  );
  const cancelled = now[0].cancelled;
  before.uploads = now[0].cleared + cancelled;

  const cells: ContestCell[] = cellsBefore.map((c) => [c.contest, c.region, c.candidate, c.status, -c.votes]);
  // The tally rows are gone already: no increments, only the version step and its ledger delta.
  const noIncrements = { contest: [], region: [], province: [], district: [], candidate: [], status: [], votes: [] };
  const { version, at: updatedAt } = await commitTallyChange(sql, { increments: noIncrements, cells }, 'reset', null, true);
  await recordAudit(sql, {
    actor,
    action: 'counts.reset',
    subject: `version ${version}`,
    details: { before, cancelledUploads: cancelled, results: cellsBefore.map((c) => [c.contest, c.region, c.candidate, c.status, c.votes]) },
  });
  const at = updatedAt.toISOString();
  return { version, at, delta: { version, at, cells }, before, cancelled };
}
