// An election night with several contests and polling stations, through real processes: the admin loads the
// stations list, officials upload station tallies of three contests and then corrections; /api/results per contest
// equals the generator's truth (corrections replace, impossible and falling reports held), a socket watching one
// contest gets only that contest's cells and sees stations reporting move, feed.json is one versioned document,
// held reports are published over HTTP, and the NIST export imported into an emptied system gives the same results.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disconnectPrisma, getPrisma } from '../../lib/db';
import type { ClientToServerEvents, ServerToClientEvents, StationsReporting, TallyDelta } from '../../lib/events';
import { writeCorpus } from '../../lib/generate/writeCorpus';
import type { Truth } from '../../lib/generate/truth';
import type { ContestResults } from '../../lib/results/currentResults';
import type { ResultsFeed } from '../../lib/results/resultsFeed';
import { applyDelta, cellsOf, stateFromSnapshot, type TallyState } from '../../lib/tally/tallyState';
import { verifyTallies } from '../../lib/tally/verifyTallies';
import { waitFor } from '../support/processes';
import { getJson, startTestSystem, uploadFiles, type TestSystem } from '../support/system';

const WATCHED = 'Congreso';

let sys: TestSystem;
let dir: string;
let truth: Truth;
let files: string[];
let socket: Socket<ServerToClientEvents, ClientToServerEvents>;
let state: TallyState | null = null;
const deltas: TallyDelta[] = [];
const reporting: StationsReporting[] = [];

const auth = () => ({ authorization: `Bearer ${sys.token}` });

/** A contest's results as `region|candidate|status` → votes (blank and null under candidate ""). */
function cellsOfResults(r: ContestResults): Record<string, number> {
  const out: Record<string, number> = {};
  for (const region of r.regions) {
    for (const c of region.candidates) out[`${region.region}|${c.candidate}|valid`] = c.votes;
    if (region.blank) out[`${region.region}||blank`] = region.blank;
    if (region.null) out[`${region.region}||null`] = region.null;
  }
  return out;
}

function truthCells(contest: string): Record<string, number> {
  return Object.fromEntries(truth.contests![contest].cells.filter((c) => c[3] !== 0).map(([region, candidate, status, votes]) => [`${region}|${candidate}|${status}`, votes]));
}

async function drained(): Promise<void> {
  await waitFor(
    'every upload counted',
    async () => (await getPrisma().upload.count({ where: { status: { in: ['queued', 'processing'] } } })) === 0,
    120_000,
  );
}

const contestResults = (contest: string) => getJson<ContestResults>(sys, `/api/results?contest=${encodeURIComponent(contest)}`);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tally-contests-'));
  const written = await writeCorpus({ shape: 'peru-stations', seed: 7, scale: 0.02 }, dir);
  truth = written.truth;
  files = written.manifest.files.map((f) => f.name);
  expect(truth.stations!.held).toBeGreaterThan(0);
  expect(truth.stations!.corrections).toBeGreaterThan(0);
  sys = await startTestSystem({ workers: 2, env: { CHUNK_ROWS: '2000' } });
  socket = io(sys.baseUrl, { transports: ['websocket'], auth: { contest: WATCHED } });
  socket.on('tally:snapshot', (s) => (state = stateFromSnapshot(s)));
  socket.on('tally:delta', (d) => {
    deltas.push(d);
    if (!state) return;
    const next = applyDelta(state, d);
    if (next === 'resync') socket.emit('tally:resync');
    else state = next;
  });
  socket.on('stations:reporting', (r) => reporting.push(r));
  await waitFor('the first snapshot', async () => state);
}, 180_000);

afterAll(async () => {
  socket?.close();
  await sys?.stop();
  await disconnectPrisma();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('contests and polling stations, live', () => {
  it('loads the stations list, counts station tallies of three contests with corrections exactly as the truth says', { timeout: 180_000 }, async () => {
    const list = await readFile(path.join(dir, 'stations.csv'), 'utf8');
    const put = await fetch(`${sys.baseUrl}/api/admin/stations?filename=stations.csv`, { method: 'PUT', headers: auth(), body: list });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ stations: truth.stations!.total });
    // Refused without the admin's credentials.
    expect((await fetch(`${sys.baseUrl}/api/admin/stations`, { method: 'PUT', body: list })).status).toBe(401);

    // In name order, one file per request: the corrections (named last) are accepted after the originals.
    for (const name of files) {
      const res = await uploadFiles(sys, [{ name, body: await readFile(path.join(dir, name)) }]);
      expect(res.status, name).toBe(202);
    }
    await drained();
    const uploads = await getPrisma().upload.findMany();
    expect(uploads.map((u) => u.status)).toEqual(uploads.map(() => 'done'));

    for (const contest of Object.keys(truth.contests!)) {
      const r = await contestResults(contest);
      expect(cellsOfResults(r), contest).toEqual(truthCells(contest));
      expect(r.totals.votes, contest).toBe(truth.contests![contest].totals.valid + truth.contests![contest].totals.blank + truth.contests![contest].totals.null);
      expect(r.reporting!.total.stations, contest).toBe(truth.stations!.total);
      expect(r.reporting!.total.reporting, contest).toBe(truth.stations!.reportedPerContest[contest]);
      expect(r.reporting!.total.votes, contest).toBe(r.totals.votes);
    }
    // The default contest has nothing: these files all name theirs.
    expect((await contestResults('')).totals.votes).toBe(0);
    const held = await getJson<{ total: number }>(sys, '/api/admin/held');
    expect(held.total).toBe(truth.stations!.held);
    expect((await verifyTallies()).ok).toBe(true);
    const contests = await getJson<{ contests: { name: string }[] }>(sys, '/api/contests');
    expect(contests.contests.map((c) => c.name).sort()).toEqual(Object.keys(truth.contests!).sort());
  });

  it('a socket watching one contest gets only its cells, ends at its results, and saw stations reporting move', async () => {
    const final = await contestResults(WATCHED);
    await waitFor('the socket at the final version', async () => state!.version >= final.version);
    expect(deltas.length).toBeGreaterThan(0);
    expect(new Set(deltas.map((d) => d.contest))).toEqual(new Set([WATCHED]));
    const fromSocket: Record<string, number> = {};
    for (const [region, candidate, status, votes] of cellsOf(state!)) fromSocket[`${region}|${candidate}|${status}`] = votes;
    expect(fromSocket).toEqual(cellsOfResults(final));
    await waitFor('stations reporting at the end', async () => reporting.at(-1)?.total.reporting === final.reporting!.total.reporting);
    expect(new Set(reporting.map((r) => r.contest))).toEqual(new Set([WATCHED]));
    // It moved: more than one figure was pushed while the files came in.
    expect(new Set(reporting.map((r) => r.total.reporting)).size).toBeGreaterThan(1);
  });

  it('serves every contest × unit as one feed document per version, with an ETag', async () => {
    const res = await fetch(`${sys.baseUrl}/api/results/feed.json`);
    expect(res.status).toBe(200);
    const etag = res.headers.get('etag')!;
    const feed = (await res.json()) as ResultsFeed;
    expect(etag).toBe(`"f${feed.version}"`);
    expect((await fetch(`${sys.baseUrl}/api/results/feed.json`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await fetch(`${sys.baseUrl}/api/results/feed.json?x=1`)).status).toBe(400);
    for (const contest of Object.keys(truth.contests!)) {
      const c = feed.contests.find((x) => x.name === contest)!;
      const regions = c.units.filter((u) => u.level === 'region');
      const r = await contestResults(contest);
      expect(Object.fromEntries(regions.map((u) => [u.region, u.votes]))).toEqual(Object.fromEntries(r.regions.map((x) => [x.region, x.votes])));
      // Districts add up to their region.
      const districts = c.units.filter((u) => u.level === 'district');
      expect(districts.reduce((n, u) => n + u.votes, 0)).toBe(r.totals.votes);
      expect(c.stations.length).toBe(truth.stations!.reportedPerContest[contest]);
      expect(c.stations.reduce((n, s) => n + s.votes, 0)).toBe(r.totals.votes);
    }
  });

  it('an admin publishes a held report over HTTP: it counts from then on, audited', async () => {
    const { held } = await getJson<{ held: { id: string; contest: string; votes: number; reason: string }[] }>(sys, '/api/admin/held');
    // A report over its registered voters that no later report replaced.
    const over = held.find((h) => /exceed/.test(h.reason))!;
    expect(over).toBeDefined();
    const before = await contestResults(over.contest);
    const decide = (id: string, decision: string, headers: Record<string, string> = auth()) =>
      fetch(`${sys.baseUrl}/api/admin/held/${id}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ decision }) });
    expect((await decide(over.id, 'publish', {})).status).toBe(401);
    expect((await decide(over.id, 'maybe')).status).toBe(400);
    const res = await decide(over.id, 'publish');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ state: 'counted' });
    const after = await contestResults(over.contest);
    expect(after.totals.votes - before.totals.votes).toBe(over.votes);
    expect(after.reporting!.total.reporting).toBe(before.reporting!.total.reporting + 1);
    expect((await decide(over.id, 'publish')).status).toBe(409);
    const audit = await getPrisma().auditEntry.findFirst({ where: { action: 'station.publish' } });
    expect(audit?.details).toMatchObject({ reportId: over.id, state: 'counted' });
  });

  it('the NIST export, imported into an emptied system, gives identical results for every contest', { timeout: 120_000 }, async () => {
    const res = await fetch(`${sys.baseUrl}/api/results/report`);
    expect(res.status).toBe(200);
    const report = await res.text();
    const before = new Map<string, ContestResults>();
    for (const contest of Object.keys(truth.contests!)) before.set(contest, await contestResults(contest));

    const reset = await fetch(`${sys.baseUrl}/api/admin/reset`, { method: 'POST', headers: { ...auth(), 'content-type': 'application/json' }, body: JSON.stringify({ confirm: 'RESET' }) });
    expect(reset.status).toBe(200);
    await getPrisma().$executeRawUnsafe('DELETE FROM polling_station');
    expect((await contestResults(WATCHED)).totals.votes).toBe(0);

    expect((await uploadFiles(sys, [{ name: 'election-report.json', body: report }])).status).toBe(202);
    await drained();
    const upload = await getPrisma().upload.findFirstOrThrow({ where: { filename: 'election-report.json' } });
    expect({ status: upload.status, format: upload.format, rowsRejected: upload.rowsRejected }).toEqual({ status: 'done', format: 'nist', rowsRejected: 0 });
    for (const [contest, was] of before) {
      const now = await contestResults(contest);
      expect(cellsOfResults(now), contest).toEqual(cellsOfResults(was));
      expect(now.reporting!.total.reporting, contest).toBe(was.reporting!.total.reporting);
    }
  });
});
