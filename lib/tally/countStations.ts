import type { CommittedDelta } from '../events';
import type { TallyKeyVotes } from '../ingest/types';
import { inTransaction, type Sql } from '../sql';
import { TallySums } from './aggregateChunk';
import { commitTallyChange } from './commitTallyChange';
import { settleStation, type ReportState, type StationFacts, type StationReportFacts } from './settleStation';

// Station tallies are counted per upload, in one step once all its chunks are stored: a station's report is all
// its rows of one contest in one upload, and whether it counts depends on the station's other reports
// (lib/tally/settleStation.ts). Every writer of station reports (this step, an admin's publish or reject, a
// retraction, a reset) holds STATION_LOCK for its transaction, so two settlements of one station never interleave.

export const STATION_LOCK = 727_014;

export type SettleReason = 'upload' | 'publish' | 'reject' | 'retraction';

export interface Pair {
  contest: string;
  station: string;
}

export interface SettleOutcome {
  delta: CommittedDelta | null;
  /** Counted reports that changed: the ledger's corrections. */
  changes: { contest: string; station: string; kind: string; before: number | null; after: number | null }[];
}

export async function lockStations(sql: Sql): Promise<void> {
  await sql.query('SELECT pg_advisory_xact_lock($1)', [STATION_LOCK]);
}

/**
 * Counts an upload's station rows (after its last chunk; safe to run any number of times: only the first run
 * after all chunks are in does anything). Returns null when there was nothing to do.
 */
export async function countStations(uploadId: string): Promise<SettleOutcome | null> {
  return inTransaction(
    async (sql) => {
      const due = async () => {
        const [u] = await sql.query<{ seq: number; due: boolean }>(
          `SELECT seq::float8 AS seq, (status = 'processing' AND stations_counted_at IS NULL AND station_rows > 0 AND chunks_done = chunks_total) AS due
           FROM upload WHERE id = $1::uuid`,
          [uploadId],
        );
        return u?.due ? u : null;
      };
      const u = await due();
      if (!u) return null;
      // The upload's reports: one per contest and station, with its total and place. Written before taking the
      // lock (the heavy read of the upload's rows need not hold up other uploads' settlements): nobody sees them
      // before this transaction commits, and a second run for the same upload waits on their unique key, then
      // inserts nothing.
      const reports = await sql.query<{ id: string; contest: string; station: string }>(
        `INSERT INTO station_report (contest, station, upload_id, upload_seq, region, province, district, votes, mixed_places, state)
         SELECT contest, station, $1::uuid, $2, min(region), min(province), min(district), sum(votes),
                count(DISTINCT (region, province, district)) > 1, 'held'
         FROM vote_record WHERE upload_id = $1::uuid AND station <> '' GROUP BY contest, station
         ON CONFLICT (contest, station, upload_id) DO NOTHING
         RETURNING id::text, contest, station`,
        [uploadId, u.seq],
      );
      await lockStations(sql);
      // Under the lock, again: a reset or retraction may have ended the upload meanwhile.
      if (!(await due())) {
        if (reports.length > 0) await sql.query('DELETE FROM station_report WHERE id = ANY($1::bigint[])', [reports.map((r) => r.id)]);
        return null;
      }
      const outcome = await settleStations(sql, reports, 'upload', uploadId);
      await sql.query(
        `UPDATE upload SET stations_counted_at = now(), finished_at = now(),
           status = CASE WHEN status = 'processing' THEN 'done' ELSE status END,
           votes_accepted = votes_accepted + coalesce((SELECT sum(votes) FROM station_report WHERE upload_id = $1::uuid AND state = 'counted'), 0)
         WHERE id = $1::uuid`,
        [uploadId],
      );
      return outcome;
    },
    { statementTimeoutMs: 300_000 },
  );
}

/**
 * Inside a transaction holding STATION_LOCK: settles every given station (per contest), moves the tallies from each
 * station's previously counted report to its newly counted one, records the version and its corrections, and
 * stores the reports' new states. One version for all of it, even when nothing in the tallies moved (held reports
 * and stations reporting changed).
 */
export async function settleStations(
  sql: Sql,
  pairs: readonly Pair[],
  reason: SettleReason,
  uploadId: string | null,
  opts: {
    /** A retraction: this upload's reports leave the count. */
    retracting?: string;
    /** Other changes to the tallies that go in the same version (a retraction's ballot rows). */
    base?: TallySums;
  } = {},
): Promise<SettleOutcome> {
  if (pairs.length === 0 && !opts.base) return { delta: null, changes: [] };
  const contests = pairs.map((p) => p.contest);
  const stations = pairs.map((p) => p.station);
  const rows = await sql.query<{
    id: string; contest: string; station: string; upload_id: string; upload_seq: number; state: ReportState; reason: string | null;
    published: boolean; votes: number; region: string; province: string; district: string; mixed_places: boolean;
  }>(
    `SELECT r.id::text, r.contest, r.station, r.upload_id::text, r.upload_seq::float8 AS upload_seq, r.state, r.reason, r.published,
            r.votes::float8 AS votes, r.region, r.province, r.district, r.mixed_places
     FROM station_report r JOIN unnest($1::text[], $2::text[]) AS p(c, s) ON r.contest = p.c AND r.station = p.s
     ORDER BY r.contest, r.station, r.upload_seq`,
    [contests, stations],
  );
  const listed = await sql.query<{ station: string; region: string; province: string; district: string; registered: number }>(
    'SELECT station, region, province, district, registered::float8 AS registered FROM polling_station WHERE station = ANY($1::text[])',
    [[...new Set(stations)]],
  );
  const [{ list_exists: listExists }] = await sql.query<{ list_exists: boolean }>('SELECT EXISTS (SELECT 1 FROM polling_station) AS list_exists');
  const scopes = await sql.query<{ name: string; scope: string[] | null }>('SELECT name, scope FROM contest WHERE name = ANY($1::text[])', [
    [...new Set(contests)],
  ]);
  const listedBy = new Map(listed.map((l) => [l.station, l]));
  const scopeBy = new Map(scopes.map((c) => [c.name, c.scope && c.scope.length > 0 ? c.scope : null]));

  const groups = new Map<string, typeof rows>();
  for (const r of rows) {
    const k = `${r.contest}\u0000${r.station}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(r);
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  const stateChanges: { id: string; state: ReportState; reason: string | null }[] = [];
  // Rows to add (+1) and take away (-1) from the tallies: a report's rows, by upload, contest and station.
  const moves: { upload: string; contest: string; station: string; sign: number }[] = [];
  const changes: SettleOutcome['changes'] = [];
  for (const group of groups.values()) {
    const { contest, station } = group[0];
    const facts: StationFacts = { listExists, listed: listedBy.get(station) ?? null, scope: scopeBy.get(contest) ?? null };
    const reports: StationReportFacts[] = group.map((r) => ({
      id: r.id, uploadSeq: r.upload_seq, state: r.state, reason: r.reason, published: r.published, votes: r.votes,
      region: r.region, province: r.province, district: r.district, mixedPlaces: r.mixed_places,
      retracting: r.upload_id === opts.retracting,
    }));
    const settled = settleStation(reports, facts);
    for (const [id, s] of settled.changes) stateChanges.push({ id, ...s });
    if (settled.before === settled.after) continue;
    const before = settled.before === null ? null : byId.get(settled.before)!;
    const after = settled.after === null ? null : byId.get(settled.after)!;
    if (before) moves.push({ upload: before.upload_id, contest, station, sign: -1 });
    if (after) moves.push({ upload: after.upload_id, contest, station, sign: 1 });
    const kind =
      reason === 'publish' ? 'published' : before === null ? 'first' : after === null ? 'removed' : reason === 'upload' ? 'correction' : 'restored';
    changes.push({ contest, station, kind, before: before?.votes ?? null, after: after?.votes ?? null });
  }
  const sums = opts.base ?? new TallySums();
  if (stateChanges.length === 0 && moves.length === 0 && sums.votes === 0 && sums.entries().length === 0) return { delta: null, changes };

  if (moves.length > 0) {
    const moved = await sql.query<TallyKeyVotes>(
      `SELECT v.contest, v.region, v.province, v.district, v.candidate, v.status, sum(v.votes * t.sign)::float8 AS votes
       FROM vote_record v JOIN unnest($1::uuid[], $2::text[], $3::text[], $4::int[]) AS t(u, c, s, sign)
         ON v.upload_id = t.u AND v.contest = t.c AND v.station = t.s
       GROUP BY 1, 2, 3, 4, 5, 6`,
      [moves.map((m) => m.upload), moves.map((m) => m.contest), moves.map((m) => m.station), moves.map((m) => m.sign)],
    );
    for (const r of moved) sums.add(r.contest, r.region, r.province, r.district, r.candidate, r.status, r.votes);
  }
  const agg = sums.aggregate();
  const stationsMoved = stateChanges.length > 0 || moves.length > 0;
  const { version, at, detail } = await commitTallyChange(sql, agg, reason, uploadId, stationsMoved);
  // Demotions first: at no moment may two reports of a station be counted (a unique index says so).
  const demoted = stateChanges.filter((c) => c.state !== 'counted');
  const promoted = stateChanges.filter((c) => c.state === 'counted');
  for (const list of [demoted, promoted]) {
    if (list.length === 0) continue;
    await sql.query(
      `UPDATE station_report r SET state = t.state, reason = t.reason, version = $4
       FROM unnest($1::bigint[], $2::text[], $3::text[]) AS t(id, state, reason) WHERE r.id = t.id`,
      [list.map((c) => c.id), list.map((c) => c.state), list.map((c) => c.reason), version],
    );
  }
  if (changes.length > 0) {
    await sql.query(
      `INSERT INTO station_change (version, contest, station, kind, upload_id, before_votes, after_votes)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::uuid[], $6::bigint[], $7::bigint[])`,
      [
        version,
        changes.map((c) => c.contest),
        changes.map((c) => c.station),
        changes.map((c) => c.kind),
        changes.map(() => uploadId),
        changes.map((c) => c.before),
        changes.map((c) => c.after),
      ],
    );
  }
  return { delta: { version, at: at.toISOString(), cells: agg.cells, detail, stations: stationsMoved }, changes };
}
