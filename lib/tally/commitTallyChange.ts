import type { ContestAreaCell } from '../events';
import type { Sql } from '../sql';
import { areaCellsOf, type ChunkAggregate } from './aggregateChunk';

/**
 * Inside a counting transaction: adds the increments to the tallies, bumps the version and records the version's
 * delta. Every change to the tallies (a chunk, a retraction, a reset) goes through here, so versions and the delta ledger
 * can never disagree with the tallies. The version row is locked here, late, and held only until commit; its time is
 * the clock at that moment (not the transaction start), so "at" is within a few ms of the commit.
 */
export async function commitTallyChange(
  sql: Sql,
  agg: Pick<ChunkAggregate, 'increments' | 'cells'>,
  reason: 'upload' | 'retraction' | 'reset' | 'publish' | 'reject' | 'stations',
  uploadId: string | null,
  /** Station reports changed in this version (the web nodes re-read stations reporting). */
  stations = false,
): Promise<{ version: number; at: Date; detail?: ContestAreaCell[] }> {
  const inc = agg.increments;
  // A reset empties the tally table itself: no district cells, web nodes reload.
  const detail = reason === 'reset' ? undefined : areaCellsOf(inc);
  if (inc.region.length > 0) {
    await sql.query(
      `INSERT INTO tally AS t (contest, region, province, district, candidate, status, votes)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[])
       ON CONFLICT (contest, region, province, district, candidate, status) DO UPDATE SET votes = t.votes + EXCLUDED.votes`,
      [inc.contest, inc.region, inc.province, inc.district, inc.candidate, inc.status, inc.votes],
    );
  }
  // The version bump and its delta in one statement: the version row is held from here to commit.
  const [{ version, updated_at }] = await sql.query<{ version: string; updated_at: Date }>(
    `WITH bumped AS (
       UPDATE tally_version SET version = version + 1, updated_at = clock_timestamp() WHERE id = 1 RETURNING version, updated_at
     )
     INSERT INTO tally_delta (version, reason, upload_id, cells, detail, created_at, stations)
     SELECT version, $1, $2::uuid, $3::jsonb, $4::jsonb, updated_at, $5 FROM bumped
     RETURNING version, created_at AS updated_at`,
    [reason, uploadId, JSON.stringify(agg.cells), detail ? JSON.stringify(detail) : null, stations],
  );
  return { version: Number(version), at: updated_at, detail };
}
