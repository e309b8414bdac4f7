import type { AreaCell, AreaSnapshot, CommittedDelta, ContestAreaCell, ContestCell, TallyCell, TallySnapshot } from '../events';
import { getPrisma } from '../db';
import { poolSql } from '../sql';
import type { VoteStatus } from '../ingest/types';

/** Region-level cells of every contest from the tallies: blank and null votes are region totals on the live feed
 * (candidate ""), as TallySums makes them. A constant, no parameters. */
export const REGION_CELLS_SQL = `
  SELECT contest, region, CASE WHEN status = 'valid' THEN candidate ELSE '' END AS candidate, status, sum(votes)::bigint AS votes
  FROM tally GROUP BY 1, 2, 3, 4 HAVING sum(votes) <> 0 ORDER BY 1, 2, 3, 4`;

/** Region-level cells of one contest ($1). */
const CONTEST_CELLS_SQL = `
  SELECT region, CASE WHEN status = 'valid' THEN candidate ELSE '' END AS candidate, status, sum(votes)::bigint AS votes
  FROM tally WHERE contest = $1 GROUP BY 1, 2, 3 HAVING sum(votes) <> 0 ORDER BY 1, 2, 3`;

/** District-level cells of one contest ($1) under one region ($2), or of every contest and region (both NULL). */
const AREA_CELLS_SQL = `
  SELECT contest, region, province, district, CASE WHEN status = 'valid' THEN candidate ELSE '' END AS candidate, status,
         sum(votes)::bigint AS votes
  FROM tally WHERE ($1::text IS NULL OR contest = $1) AND ($2::text IS NULL OR region = $2)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(votes) <> 0 ORDER BY 1, 2, 3, 4, 5, 6`;

type Row = { contest: string; region: string; province: string; district: string; candidate: string; status: VoteStatus; votes: bigint };
type Tx = Parameters<Parameters<ReturnType<typeof getPrisma>['$transaction']>[0]>[0];

async function readVersion(tx: Tx): Promise<{ version: number; updatedAt: string | null }> {
  const [v] = await tx.$queryRaw<{ version: bigint; updated_at: Date }[]>`SELECT version, updated_at FROM tally_version WHERE id = 1`;
  const version = Number(v?.version ?? 0);
  return { version, updatedAt: version > 0 && v ? v.updated_at.toISOString() : null };
}

async function contestCells(tx: Tx, contest: string): Promise<TallyCell[]> {
  const rows = await tx.$queryRawUnsafe<{ region: string; candidate: string; status: VoteStatus; votes: bigint }[]>(CONTEST_CELLS_SQL, contest);
  return rows.map((r) => [r.region, r.candidate, r.status, Number(r.votes)]);
}

/**
 * Region-level tallies of one contest and the version they stand at, read in one REPEATABLE READ transaction so
 * the cells are exactly the state after `version` (a commit between the two reads cannot slip in).
 */
export async function getSnapshot(contest = ''): Promise<TallySnapshot> {
  return getPrisma().$transaction(async (tx) => ({ contest, ...(await readVersion(tx)), cells: await contestCells(tx, contest) }), {
    isolationLevel: 'RepeatableRead',
  });
}

/**
 * What a page starts from (first paint): the contest's national snapshot and, for a drill-down view of `region`,
 * that region's district-level cells — from one read, at one version.
 */
export async function getViewSnapshot(region: string | null, contest = ''): Promise<{ snapshot: TallySnapshot; area: AreaSnapshot | null }> {
  return getPrisma().$transaction(
    async (tx) => {
      const at = await readVersion(tx);
      const snapshot: TallySnapshot = { contest, ...at, cells: await contestCells(tx, contest) };
      if (region === null) return { snapshot, area: null };
      const detail = await tx.$queryRawUnsafe<Row[]>(AREA_CELLS_SQL, contest, region);
      const cells: AreaCell[] = detail.map((r) => [r.region, r.province, r.district, r.candidate, r.status, Number(r.votes)]);
      return { snapshot, area: { contest, region, ...at, cells } };
    },
    { isolationLevel: 'RepeatableRead' },
  );
}

/** Every contest's region-level and district-level cells at one version (a web node's relay state). */
export async function getFullState(): Promise<{ version: number; updatedAt: string | null; cells: ContestCell[]; areaCells: ContestAreaCell[] }> {
  return getPrisma().$transaction(
    async (tx) => {
      const at = await readVersion(tx);
      const rows = await tx.$queryRawUnsafe<{ contest: string; region: string; candidate: string; status: VoteStatus; votes: bigint }[]>(REGION_CELLS_SQL);
      const detail = await tx.$queryRawUnsafe<Row[]>(AREA_CELLS_SQL, null, null);
      return {
        ...at,
        cells: rows.map((r): ContestCell => [r.contest, r.region, r.candidate, r.status, Number(r.votes)]),
        areaCells: detail.map((r): ContestAreaCell => [r.contest, r.region, r.province, r.district, r.candidate, r.status, Number(r.votes)]),
      };
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
      cells: r.cells as ContestCell[],
      detail: (r.detail as ContestAreaCell[] | null) ?? undefined,
      stations: r.stations,
    }),
  );
}

/** One single-row read on the raw pool: asked on every results request and every relay check. */
export async function getCurrentVersion(): Promise<number> {
  const [v] = await poolSql().query<{ version: string }>('SELECT version FROM tally_version WHERE id = 1');
  return Number(v?.version ?? 0);
}
