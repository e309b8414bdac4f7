// Contests and polling-station tallies against real Postgres: rows of two contests in one file count apart; a
// station's later report replaces its earlier one (whatever order their files are counted in); reports that fail a
// check are held, counted nowhere until an admin publishes them; a retraction restores the report before; the
// stations-reporting figures equal a recomputation from the test's own data.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { emptyChunk, pushVote } from '../../lib/chunk';
import { disconnectPrisma, getPrisma } from '../../lib/db';
import { decideHeld, listHeld } from '../../lib/admin/heldStations';
import { replaceStations } from '../../lib/admin/stationsList';
import type { VoteRow, VoteStatus } from '../../lib/ingest/types';
import { upsertContest } from '../../lib/results/contests';
import { getLedger } from '../../lib/results/getLedger';
import { getSnapshot } from '../../lib/results/getSnapshot';
import { reportingFigures } from '../../lib/results/stationsReporting';
import { applyChunk } from '../../lib/tally/applyChunk';
import { countStations } from '../../lib/tally/countStations';
import { prepareChunk } from '../../lib/tally/prepareChunk';
import { verifyTallies } from '../../lib/tally/verifyTallies';
import { retractUpload } from '../../lib/uploads/retractUpload';
import { resetState } from '../support/resetState';

const ADMIN = { id: null as unknown as string, email: 'admin@test.local' };
const CHUNK = 3;

type Row = [contest: string, station: string, region: string, candidate: string, status: VoteStatus, votes: number];

function vote([contest, station, region, candidate, status, votes]: Row): VoteRow {
  return { contest, station, region, province: 'P', district: 'D', candidate, status, votes, voterId: null, extra: null };
}

/** A station tally of one contest: candidate votes, then blank and null. */
function tally(contest: string, station: string, region: string, votes: Record<string, number>, blank = 0, spoilt = 0): Row[] {
  const rows: Row[] = Object.entries(votes).map(([c, n]) => [contest, station, region, c, 'valid', n]);
  rows.push([contest, station, region, '', 'blank', blank], [contest, station, region, '', 'null', spoilt]);
  return rows;
}

/** An upload of these rows, staged in chunks of CHUNK rows, with its jobs not yet run. */
async function stage(rows: Row[]): Promise<{ id: string; chunks: ReturnType<typeof prepareChunk>[] }> {
  const id = randomUUID();
  const chunks: ReturnType<typeof prepareChunk>[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const c = emptyChunk();
    rows.slice(i, i + CHUNK).forEach((r, j) => pushVote(c, i + j + 2, vote(r)));
    chunks.push(prepareChunk(c, id));
  }
  const stationRows = rows.filter((r) => r[1] !== '').length;
  await getPrisma().upload.create({
    data: { id, filename: `${id}.csv`, sha256: id, sizeBytes: 1n, status: 'processing', chunksTotal: chunks.length, stationRows },
  });
  for (const [seq, c] of chunks.entries()) {
    await getPrisma().$executeRaw`INSERT INTO staged_chunk (upload_id, seq, rows, payload) VALUES (${id}::uuid, ${seq}, ${c.rows}, ${Buffer.from('x')})`;
  }
  return { id, chunks };
}

/** Applies every chunk (in the given order) and then the station step, as a worker does. */
async function count(u: { id: string; chunks: ReturnType<typeof prepareChunk>[] }, order?: number[]): Promise<void> {
  for (const seq of order ?? u.chunks.map((_, i) => i)) await applyChunk(u.id, seq, u.chunks[seq]);
  await countStations(u.id);
}

async function upload(rows: Row[]): Promise<string> {
  const u = await stage(rows);
  await count(u);
  return u.id;
}

/** Tallies of a contest as `region|candidate|status` → votes. */
async function tallies(contest: string): Promise<Record<string, number>> {
  const snap = await getSnapshot(contest);
  return Object.fromEntries(snap.cells.map(([region, candidate, status, votes]) => [`${region}|${candidate}|${status}`, votes]));
}

async function reportStates(station: string): Promise<string[]> {
  const rows = await getPrisma().stationReport.findMany({ where: { station }, orderBy: { uploadSeq: 'asc' } });
  return rows.map((r) => r.state);
}

describe('contests and polling stations', () => {
  beforeEach(async () => {
    await resetState(process.env.DATABASE_URL!, process.env.REDIS_URL!, process.env.QUEUE_PREFIX!);
    const prisma = getPrisma();
    await prisma.$executeRawUnsafe('TRUNCATE station_report, station_change, polling_station');
    await prisma.$executeRawUnsafe(`DELETE FROM contest WHERE name <> ''`);
    const [admin] = await prisma.$queryRaw<{ id: string }[]>`SELECT id::text FROM app_user LIMIT 1`;
    ADMIN.id = admin?.id ?? (null as unknown as string);
  });
  afterAll(disconnectPrisma);

  it('counts two contests of one file apart; a file without contests counts in the default one', async () => {
    await upload([
      ['Presidente', '', 'Lima', 'Ana', 'valid', 3],
      ['Congreso', '', 'Lima', 'Ana', 'valid', 5],
      ['Presidente', '', 'Cusco', 'Luis', 'valid', 2],
      ['Congreso', '', 'Lima', '', 'blank', 1],
    ]);
    await upload([['', '', 'Lima', 'Ana', 'valid', 7]]);
    expect(await tallies('Presidente')).toEqual({ 'Lima|Ana|valid': 3, 'Cusco|Luis|valid': 2 });
    expect(await tallies('Congreso')).toEqual({ 'Lima|Ana|valid': 5, 'Lima||blank': 1 });
    expect(await tallies('')).toEqual({ 'Lima|Ana|valid': 7 });
    expect((await verifyTallies()).ok).toBe(true);
  });

  it('a later report of a station replaces the earlier one, shown in the ledger as a correction with before and after', async () => {
    const first = await upload([...tally('P', 'M1', 'Lima', { Ana: 100, Luis: 50 }, 5), ...tally('P', 'M2', 'Lima', { Ana: 10, Luis: 20 })]);
    expect(await tallies('P')).toEqual({ 'Lima|Ana|valid': 110, 'Lima|Luis|valid': 70, 'Lima||blank': 5 });
    await upload(tally('P', 'M1', 'Lima', { Ana: 120, Luis: 50 }, 5));
    expect(await tallies('P')).toEqual({ 'Lima|Ana|valid': 130, 'Lima|Luis|valid': 70, 'Lima||blank': 5 });
    expect(await reportStates('M1')).toEqual(['replaced', 'counted']);
    const { entries } = await getLedger({ limit: 1 });
    expect(entries[0].corrections).toEqual([{ contest: 'P', station: 'M1', kind: 'correction', before: 155, after: 175 }]);
    expect(entries[0].votes).toBe(20);
    // Its upload's counters say what counted of it.
    const u = await getPrisma().upload.findUniqueOrThrow({ where: { id: first } });
    expect({ status: u.status, votesAccepted: Number(u.votesAccepted) }).toEqual({ status: 'done', votesAccepted: 185 });
    expect((await verifyTallies()).ok).toBe(true);
  });

  it('the correction wins also when its file is counted before the original, chunks in any order', async () => {
    const original = await stage(tally('P', 'M1', 'Lima', { Ana: 100, Luis: 50, Rosa: 7 }));
    const correction = await stage(tally('P', 'M1', 'Lima', { Ana: 101, Luis: 52, Rosa: 7 }));
    await count(correction, [1, 0]);
    expect(await tallies('P')).toEqual({ 'Lima|Ana|valid': 101, 'Lima|Luis|valid': 52, 'Lima|Rosa|valid': 7 });
    await count(original, [1, 0]);
    expect(await tallies('P')).toEqual({ 'Lima|Ana|valid': 101, 'Lima|Luis|valid': 52, 'Lima|Rosa|valid': 7 });
    expect(await reportStates('M1')).toEqual(['replaced', 'counted']);
    // A station's step runs once: counting the same upload again changes nothing.
    expect(await countStations(original.id)).toBeNull();
    expect((await verifyTallies()).ok).toBe(true);
  });

  it('holds a report over its registered voters, one whose total falls, one outside the contest scope or not on the list: counted nowhere until published', async () => {
    const stations = 'station,region,province,district,registered_voters\nM1,Lima,P,D,200\nM2,Lima,P,D,300\nM3,Cusco,P,D,100\n';
    expect((await replaceStations(ADMIN, stations, 'stations.csv')).ok).toBe(true);
    await upsertContest({ name: 'Lima only', seats: 2, scope: ['Lima'] });
    await upload([
      ...tally('P', 'M1', 'Lima', { Ana: 150, Luis: 60 }), // 210 > 200 registered
      ...tally('P', 'M2', 'Lima', { Ana: 100, Luis: 100 }),
      ...tally('Lima only', 'M3', 'Cusco', { Ana: 10 }), // Cusco is outside the scope
      ...tally('P', 'M9', 'Lima', { Ana: 1 }), // not on the list
    ]);
    expect(await tallies('P')).toEqual({ 'Lima|Ana|valid': 100, 'Lima|Luis|valid': 100 });
    expect(await tallies('Lima only')).toEqual({});
    // M2's correction lowers its total: held, the original stays counted.
    await upload(tally('P', 'M2', 'Lima', { Ana: 90, Luis: 100 }));
    expect(await tallies('P')).toEqual({ 'Lima|Ana|valid': 100, 'Lima|Luis|valid': 100 });

    const { held, total } = await listHeld();
    expect(total).toBe(4);
    const reasons = Object.fromEntries(held.map((h) => [`${h.contest}/${h.station}`, h.reason]));
    expect(reasons).toEqual({
      'P/M1': '210 votes exceed its 200 registered voters',
      'Lima only/M3': 'the contest is not held in Cusco',
      'P/M9': 'the station is not on the stations list',
      'P/M2': 'its total 190 falls below the 200 of the report it would replace',
    });
    expect((await verifyTallies()).ok).toBe(true);

    // Published: it counts (audited); rejected: it never will.
    const m1 = held.find((h) => h.station === 'M1')!;
    const published = await decideHeld(m1.id, 'publish', ADMIN);
    expect(published).toMatchObject({ ok: true, state: 'counted' });
    expect(await tallies('P')).toEqual({ 'Lima|Ana|valid': 250, 'Lima|Luis|valid': 160 });
    const m2 = held.find((h) => h.station === 'M2')!;
    expect(await decideHeld(m2.id, 'reject', ADMIN)).toMatchObject({ ok: true, state: 'rejected' });
    expect(await decideHeld(m2.id, 'publish', ADMIN)).toMatchObject({ ok: false, code: 'not_held' });
    expect(await tallies('P')).toEqual({ 'Lima|Ana|valid': 250, 'Lima|Luis|valid': 160 });
    const audit = await getPrisma().auditEntry.findMany({ where: { action: { in: ['station.publish', 'station.reject'] } }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => [a.action, a.subject])).toEqual([['station.publish', 'P / M1'], ['station.reject', 'P / M2']]);
    expect((await listHeld()).total).toBe(2);
    expect((await verifyTallies()).ok).toBe(true);
  });

  it('retracting a correction brings back the report before it; retracting that one empties the station', async () => {
    const original = await upload(tally('P', 'M1', 'Lima', { Ana: 100 }, 2));
    const correction = await upload(tally('P', 'M1', 'Lima', { Ana: 105 }, 2));
    expect(await tallies('P')).toEqual({ 'Lima|Ana|valid': 105, 'Lima||blank': 2 });
    const r = await retractUpload(correction, ADMIN);
    expect(r).toMatchObject({ ok: true, votesRemoved: 5 });
    expect(await tallies('P')).toEqual({ 'Lima|Ana|valid': 100, 'Lima||blank': 2 });
    expect(await reportStates('M1')).toEqual(['counted', 'retracted']);
    expect((await getLedger({ limit: 1 })).entries[0].corrections).toEqual([{ contest: 'P', station: 'M1', kind: 'restored', before: 107, after: 102 }]);
    await retractUpload(original, ADMIN);
    expect(await tallies('P')).toEqual({});
    expect((await verifyTallies()).ok).toBe(true);
  });

  it('stations reporting N of M, with registered voters and votes of the reporting ones, equals a recomputation', async () => {
    const list: [string, string, number][] = [['A1', 'Lima', 200], ['A2', 'Lima', 300], ['A3', 'Lima', 250], ['B1', 'Cusco', 100], ['B2', 'Cusco', 120]];
    const csv = 'station,region,province,district,registered_voters\n' + list.map(([s, r, n]) => `${s},${r},P,D,${n}`).join('\n');
    expect((await replaceStations(ADMIN, csv, 'stations.csv')).ok).toBe(true);
    const reports: [string, string, number][] = [['A1', 'Lima', 150], ['A3', 'Lima', 200], ['B2', 'Cusco', 90]];
    await upload(reports.flatMap(([s, r, n]) => tally('P', s, r, { Ana: n - 10 }, 10)));
    // A held report (over registered) does not report.
    await upload(tally('P', 'B1', 'Cusco', { Ana: 101 }));

    const expected = (region: string | null) => {
      const listed = list.filter(([, r]) => region === null || r === region);
      const counted = reports.filter(([, r]) => region === null || r === region);
      return {
        stations: listed.length,
        reporting: counted.length,
        registered: counted.reduce((n, [s]) => n + list.find(([x]) => x === s)![2], 0),
        votes: counted.reduce((n, [, , v]) => n + v, 0),
      };
    };
    const figures = await reportingFigures('P');
    expect(figures.total).toEqual(expected(null));
    expect({ ...figures.areas }).toEqual({ Lima: expected('Lima'), Cusco: expected('Cusco') });
    // Another contest has the same stations and nothing reported yet.
    expect((await reportingFigures('Q')).total).toEqual({ stations: 5, reporting: 0, registered: 0, votes: 0 });
  });

  it('a stations list with a bad row changes nothing and lists the row', async () => {
    expect((await replaceStations(ADMIN, 'station,region,province,district,registered_voters\nM1,Lima,P,D,10\n', 's.csv')).ok).toBe(true);
    const bad = await replaceStations(ADMIN, 'station,region,province,district,registered_voters\nM2,Lima,P,D,10\nM2,Lima,P,D,5\nM3,,P,D,x\n', 's.csv');
    expect(bad).toMatchObject({
      ok: false,
      errors: [
        { row: 3, reason: 'station "M2" is already on row 2' },
        { row: 4, reason: 'region is empty' },
      ],
    });
    expect((await getPrisma().pollingStation.findMany()).map((s) => s.station)).toEqual(['M1']);
  });
});
