import type { ContestAreaCell, ContestCell } from '../events';
import type { TallyKeyVotes } from '../ingest/types';
import { inTransaction, type Sql } from '../sql';
import { TallySums } from './aggregateChunk';
import { claimVoters, type DisplacedRow } from './claimVoters';
import { commitTallyChange } from './commitTallyChange';
import { LEGACY_COPY_COLUMNS, PREPARED_COPY_COLUMNS, type PreparedChunk } from './prepareChunk';

/** Thrown inside the transaction (rolling it back) when the upload was retracted while the chunk was applied. */
export class UploadRetracted extends Error {}

export interface AppliedChunk {
  /** false when this chunk had already been applied: a retry or a duplicate job, nothing changed. */
  applied: boolean;
  version?: number;
  at?: string;
  cells?: ContestCell[];
  detail?: ContestAreaCell[];
  /** This chunk was the upload's last and its station rows wait for their step (lib/tally/countStations.ts). */
  stationsDue?: boolean;
  upload?: {
    status: string;
    rowsTotal: number;
    rowsAccepted: number;
    rowsRejected: number;
    chunksDone: number;
    chunksTotal: number | null;
  };
  /** Other uploads whose counters changed because an earlier row took a voter id from them. */
  displacedUploads?: string[];
}

/**
 * Applies one staged chunk in ONE transaction: records the chunk as applied (the guard that makes a retry a no-op),
 * stores the raw rows, decides which count for their voter id (deleting the few that do not), adds the counts of the
 * rest, summed when the chunk was parsed, to the tallies (and takes
 * away the counts of rows an earlier row displaced), bumps the tally version and writes the version's delta.
 * Either all of that commits or none of it does, so a worker killed at any point never loses or doubles a vote.
 *
 * Lock order: staged_chunk row → upload_chunk guard → (own vote_record rows, never contended) → voter_claim (sorted ids) → tally rows (sorted keys) → tally_version → upload
 * rows. The version row is taken late and held only until commit, which also makes versions follow commit order.
 * Rare deadlocks between claim takeovers are resolved by Postgres aborting one transaction; the job is retried.
 */
export async function applyChunk(uploadId: string, seq: number, chunk: PreparedChunk): Promise<AppliedChunk> {
  return inTransaction(async (sql): Promise<AppliedChunk> => {
      // Only a chunk that is still staged counts: its row goes in this transaction, so a second delivery, or a
      // chunk whose upload was failed, retracted or cleared by a reset after a worker had loaded it, counts nothing.
      // Then the guard row; both, and the upload's order and status, in one round trip (locks are held to commit,
      // and every round trip waits for this process to be scheduled on a busy machine).
      const [head] = await sql.query<{ fresh: boolean; seq: number; status: string }>(
        `WITH unstaged AS (
           DELETE FROM staged_chunk WHERE upload_id = $1::uuid AND seq = $2 RETURNING seq
         ), guard AS (
           INSERT INTO upload_chunk (upload_id, seq, rows, votes, version) SELECT $1::uuid, $2, $3, 0, 0 FROM unstaged
           ON CONFLICT (upload_id, seq) DO NOTHING RETURNING seq
         )
         SELECT EXISTS (SELECT 1 FROM guard) AS fresh, u.seq::float8 AS seq, u.status FROM upload u WHERE u.id = $1::uuid`,
        [uploadId, seq, chunk.rows],
      );
      if (!head?.fresh) return { applied: false };
      const { seq: uploadSeq, status: statusNow } = head;
      // A retracted upload counts nothing more; its chunks still in the queue become no-ops.
      if (statusNow === 'retracted' || statusNow === 'retracting') throw new UploadRetracted(`upload ${uploadId} was retracted`);
      // Every row is stored BEFORE the voter ids are claimed, and the few that lose their id are deleted after:
      // a transaction that claimed an id makes any other claimant of that id wait until it commits, so the less
      // work between claiming and committing, the more chunks (of one big file above all) count in parallel.
      if (chunk.copy.length > 0) await sql.copyFrom(chunk.stationRows === undefined ? LEGACY_RECORD_COPY : VOTE_RECORD_COPY, chunk.copy);
      const claims = await claimVoters(sql, uploadId, uploadSeq, chunk);
      // Usually every stored row counts: the sums made when the chunk was parsed are its change as they are.
      const sums = TallySums.of(chunk.sums);
      if (claims.losers.length > 0) {
        const lost = await sql.query<TallyKeyVotes>(
          `DELETE FROM vote_record WHERE upload_id = $1::uuid AND row_number = ANY($2::int[])
           RETURNING contest, region, province, district, candidate, status, votes`,
          [uploadId, claims.losers],
        );
        for (const r of lost) sums.add(r.contest, r.region, r.province, r.district, r.candidate, r.status, -r.votes);
      }
      const own = sums.aggregate();
      const uncounted = await uncountDisplaced(sql, claims.displaced);
      // Displaced rows (rare) are subtracted in the same tally change; without them this chunk's sums are it.
      for (const r of uncounted.removed) sums.add(r.contest, r.region, r.province, r.district, r.candidate, r.status, -r.votes);
      const agg = uncounted.removed.length === 0 ? own : sums.aggregate();
      const { version, at: updated_at, detail } = await commitTallyChange(sql, agg, 'upload', uploadId);
      const displacedUploads = await moveDisplacedCounters(sql, uncounted.perUpload);
      const rejected = claims.rejected;
      // The chunk's own counters, its rejected rows and the upload's counters: one round trip.
      const [upload] = await sql.query<{
        status: string;
        rows_total: number;
        rows_accepted: number;
        rows_rejected: number;
        chunks_done: number;
        chunks_total: number | null;
        station_rows: number;
      }>(
        `WITH counted AS (
           UPDATE upload_chunk SET version = $5, votes = $4 WHERE upload_id = $1::uuid AND seq = $6
         ), errors AS (
           INSERT INTO upload_error (upload_id, row, reason) SELECT $1::uuid, * FROM unnest($7::int[], $8::text[])
           ON CONFLICT DO NOTHING
         )
         UPDATE upload SET
           chunks_done = chunks_done + 1,
           rows_accepted = rows_accepted + $2,
           rows_rejected = rows_rejected + $3,
           votes_accepted = votes_accepted + $4,
           -- An upload with station rows is done when its station step has run.
           status = CASE WHEN chunks_total = chunks_done + 1 AND station_rows = 0 AND status NOT IN ('failed', 'retracted', 'retracting') THEN 'done' ELSE status END,
           finished_at = CASE WHEN chunks_total = chunks_done + 1 AND station_rows = 0 THEN now() ELSE finished_at END
         WHERE id = $1::uuid
         RETURNING status, rows_total, rows_accepted, rows_rejected, chunks_done, chunks_total, station_rows`,
        [uploadId, chunk.rows - rejected.length, rejected.length, own.votes, version, seq, rejected.map((r) => r.row), rejected.map((r) => r.reason)],
      );
      // A retraction that started while this transaction ran may not see these rows: undo everything; the retry
      // will find the upload retracted.
      if (upload?.status === 'retracted' || upload?.status === 'retracting') throw new UploadRetracted(`upload ${uploadId} was retracted`);

      return {
        applied: true,
        version,
        at: updated_at.toISOString(),
        cells: agg.cells,
        detail,
        displacedUploads,
        stationsDue: !!upload && upload.station_rows > 0 && upload.chunks_done === upload.chunks_total,
        upload: upload && {
          status: upload.status === 'queued' ? 'processing' : upload.status,
          rowsTotal: upload.rows_total,
          rowsAccepted: upload.rows_accepted,
          rowsRejected: upload.rows_rejected,
          chunksDone: upload.chunks_done,
          chunksTotal: upload.chunks_total,
        },
      };
  });
}

const VOTE_RECORD_COPY = `COPY vote_record (${PREPARED_COPY_COLUMNS}) FROM STDIN`;
const LEGACY_RECORD_COPY = `COPY vote_record (${LEGACY_COPY_COLUMNS}) FROM STDIN`;

/** What displaced rows take away from their uploads' counters, per upload id. */
type CounterChanges = Map<string, { rows: number; votes: number }>;

/**
 * Takes displaced rows out of the count: deletes their raw rows and lists them as rejected duplicates of their
 * upload. Returns their keys and votes, to subtract from the tallies, and the counter changes of their
 * uploads — applied by moveDisplacedCounters only after the version bump, since upload rows come last in the
 * lock order.
 */
async function uncountDisplaced(sql: Sql, displaced: DisplacedRow[]): Promise<{ removed: TallyKeyVotes[]; perUpload: CounterChanges }> {
  const perUpload: CounterChanges = new Map();
  if (displaced.length === 0) return { removed: [], perUpload };
  const removed = await sql.query<TallyKeyVotes & { upload_id: string; row_number: number; voter_id: string | null }>(
    `DELETE FROM vote_record v USING unnest($1::uuid[], $2::int[]) AS t(u, r)
     WHERE v.upload_id = t.u AND v.row_number = t.r
     RETURNING v.upload_id::text AS upload_id, v.row_number, v.contest, v.region, v.province, v.district, v.candidate, v.status, v.votes, v.voter_id`,
    [displaced.map((d) => d.uploadId), displaced.map((d) => d.row)],
  );
  for (const r of removed) {
    const p = perUpload.get(r.upload_id) ?? { rows: 0, votes: 0 };
    p.rows++;
    p.votes += r.votes;
    perUpload.set(r.upload_id, p);
  }
  await sql.query(
    `INSERT INTO upload_error (upload_id, row, reason)
     SELECT t.u, t.r, t.reason FROM unnest($1::uuid[], $2::int[], $3::text[]) AS t(u, r, reason)
     ON CONFLICT DO NOTHING`,
    [
      removed.map((r) => r.upload_id),
      removed.map((r) => r.row_number),
      removed.map((r) => `duplicate voter id ${r.voter_id}: an earlier row counts (processed after this one)`),
    ],
  );
  return { removed, perUpload };
}

/** Moves the counters of uploads that lost rows to an earlier row; returns their ids, sorted. */
async function moveDisplacedCounters(sql: Sql, perUpload: CounterChanges): Promise<string[]> {
  const uploads = [...perUpload.keys()].sort();
  for (const id of uploads) {
    const p = perUpload.get(id)!;
    await sql.query(
      `UPDATE upload SET rows_accepted = rows_accepted - $2, rows_rejected = rows_rejected + $2, votes_accepted = votes_accepted - $3
       WHERE id = $1::uuid`,
      [id, p.rows, p.votes],
    );
  }
  return uploads;
}
