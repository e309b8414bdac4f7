import type { AreaCell, AreaSnapshot, CommittedDelta, TallyCell, TallySnapshot } from '../events';
import { getPrisma } from '../db';
import { poolSql } from '../sql';
import type { VoteStatus } from '../ingest/types';

/** Region-level cells from the tallies: blank and null votes are region totals on the live feed (candidate ""), as
 * TallySums makes them. A constant, no parameters. */
export const REGION_CELLS_SQL = `
  SELECT region, CASE WHEN status = 'valid' THEN candidate ELSE '' END AS candidate, status, sum(votes)::bigint AS votes
  FROM tally GROUP BY 1, 2, 3 HAVING sum(votes) <> 0 ORDER BY 1, 2, 3`;

/** District-level cells, of one region ($1) or of all (NULL). */
const AREA_CELLS_SQL = `
  SELECT region, province, district, CASE WHEN status = 'valid' THEN candidate ELSE '' END AS candidate, status,
         sum(votes)::bigint AS votes
  FROM tally WHERE ($1::text IS NULL OR region = $1)
  GROUP BY 1, 2, 3, 4, 5 HAVING sum(votes) <> 0 ORDER BY 1, 2, 3, 4, 5`;

type Row = { region: string; province: string; district: string; candidate: string; status: VoteStatus; votes: bigint };

/**
 * Region-level tallies and the version they stand at, read in one REPEATABLE READ transaction so the cells are
 * exactly the state after `version` (a commit between the two reads cannot slip in).
 */
export async function getSnapshot(): Promise<TallySnapshot> {
  return (await readState(null)).snapshot;
}

/**
 * What a page starts from (first paint): the national snapshot and, for a drill-down view of `region`, that
 * region's district-level cells — from one read, at one version.
 */
export async function getViewSnapshot(region: string | null): Promise<{ snapshot: TallySnapshot; area: AreaSnapshot | null }> {
  const { snapshot, areaCells } = await readState(region === null ? null : { region });
  const area = region === null ? null : { region, version: snapshot.version, updatedAt: snapshot.updatedAt, cells: areaCells };
  return { snapshot, area };
}

/** The national snapshot and every region's district-level cells at the same version (a web node's relay state). */
export async function getFullState(): Promise<{ snapshot: TallySnapshot; areaCells: AreaCell[] }> {
  return readState({ region: null });
}

/** The snapshot and, with `areas`, the district-level cells of that region (null: of every region), in one read. */
async function readState(areas: { region: string | null } | null): Promise<{ snapshot: TallySnapshot; areaCells: AreaCell[] }> {
  return getPrisma().$transaction(
    async (tx) => {
      const [v] = await tx.$queryRaw<{ version: bigint; updated_at: Date }[]>`
        SELECT version, updated_at FROM tally_version WHERE id = 1`;
      // Blank and null votes are region totals on the live feed (candidate ""), as TallySums makes them.
      const rows = await tx.$queryRawUnsafe<{ region: string; candidate: string; status: VoteStatus; votes: bigint }[]>(REGION_CELLS_SQL);
      const cells: TallyCell[] = rows.map((r) => [r.region, r.candidate, r.status, Number(r.votes)]);
      let areaCells: AreaCell[] = [];
      if (areas !== null) {
        const detail = await tx.$queryRawUnsafe<Row[]>(AREA_CELLS_SQL, areas.region);
        areaCells = detail.map((r) => [r.region, r.province, r.district, r.candidate, r.status, Number(r.votes)]);
      }
      const version = Number(v?.version ?? 0);
      return { snapshot: { version, updatedAt: version > 0 && v ? v.updated_at.toISOString() : null, cells }, areaCells };
    },
    { isolationLevel: 'RepeatableRead' },
  );
}

/** Deltas after `after` up to and including `upTo`, in version order (to fill a gap in the live feed). */
export async function getDeltasBetween(after: number, upTo: number) {
  const rows = await getPrisma().tallyDelta.findMany({
    where: { version: { gt: BigInt(after), lte: BigInt(upTo) } },
    orderBy: { version: 'asc' },
  });
  return rows.map(
    (r): CommittedDelta => ({
      version: Number(r.version),
      at: r.createdAt.toISOString(),
      cells: r.cells as TallyCell[],
      detail: (r.detail as AreaCell[] | null) ?? undefined,
    }),
  );
}

/** One single-row read on the raw pool: asked on every results request and every relay check. */
export async function getCurrentVersion(): Promise<number> {
  const [v] = await poolSql().query<{ version: string }>('SELECT version FROM tally_version WHERE id = 1');
  return Number(v?.version ?? 0);
}
