import type { Prisma } from '../generated/prisma/client';
import type { ChunkAggregate } from './aggregateChunk';

/**
 * Inside a counting transaction: adds the increments to the tallies, bumps the version and records the version's
 * delta. Every change to the tallies (a chunk, a retraction) goes through here, so versions and the delta ledger
 * can never disagree with the tallies. The version row is locked here, late, and held only until commit; its time is
 * the clock at that moment (not the transaction start), so "at" is within a few ms of the commit.
 */
export async function commitTallyChange(
  tx: Prisma.TransactionClient,
  agg: ChunkAggregate,
  reason: 'upload' | 'retraction',
  uploadId: string,
): Promise<{ version: bigint; at: Date }> {
  const inc = agg.increments;
  if (inc.region.length > 0) {
    await tx.$executeRaw`
      INSERT INTO tally AS t (region, province, district, candidate, status, votes)
      SELECT * FROM unnest(${inc.region}::text[], ${inc.province}::text[], ${inc.district}::text[],
                           ${inc.candidate}::text[], ${inc.status}::text[], ${inc.votes}::bigint[])
      ON CONFLICT (region, province, district, candidate, status) DO UPDATE SET votes = t.votes + EXCLUDED.votes`;
  }
  const [{ version, updated_at }] = await tx.$queryRaw<{ version: bigint; updated_at: Date }[]>`
    UPDATE tally_version SET version = version + 1, updated_at = clock_timestamp() WHERE id = 1 RETURNING version, updated_at`;
  await tx.$executeRaw`
    INSERT INTO tally_delta (version, reason, upload_id, cells, created_at)
    VALUES (${version}, ${reason}, ${uploadId}::uuid, ${JSON.stringify(agg.cells)}::jsonb, ${updated_at})`;
  return { version, at: updated_at };
}
