// Drill-down views are fed by their own room: a socket viewing one region gets that region's district-level
// snapshot and deltas — never the national feed — and its numbers end exactly at what the API says, through
// reconnects, view switches mid-ingest and a retraction.
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { disconnectPrisma } from '../../lib/db';
import type { AreaSnapshot, ClientToServerEvents, ServerToClientEvents } from '../../lib/events';
import { resultsAt } from '../../lib/results/areaView';
import type { LevelResults } from '../../lib/results/levelResults';
import { summarizeCells } from '../../lib/results/summarizeCells';
import { applyAreaDelta, applyDelta, areaStateFromSnapshot, cellsOf, stateFromSnapshot, type AreaState, type TallyState } from '../../lib/tally/tallyState';
import { emptyExpected, peruRows, toCsv } from '../support/fixtures';
import { waitFor } from '../support/processes';
import { getJson, startTestSystem, uploadFiles, type TestSystem } from '../support/system';

let sys: TestSystem;

beforeAll(async () => {
  sys = await startTestSystem({ workers: 2 });
}, 180_000);

afterAll(async () => {
  await sys?.stop();
  await disconnectPrisma();
});

/** A drill-down client as the browser runs it (same state functions), recording what it was sent. */
class AreaClient {
  state: AreaState | null = null;
  region: string;
  nationalMessages = 0;
  snapshots = 0;
  deltas = 0;
  foreignDeltas = 0;
  resyncs = 0;
  socket: Socket<ServerToClientEvents, ClientToServerEvents>;

  constructor(region: string) {
    this.region = region;
    this.socket = io(sys.baseUrl, { transports: ['websocket'], auth: (cb) => cb({ region: this.region }) });
    this.socket.on('tally:snapshot', () => this.nationalMessages++);
    this.socket.on('tally:delta', () => this.nationalMessages++);
    this.socket.on('area:snapshot', (s: AreaSnapshot) => {
      if (s.region !== this.region) return;
      this.snapshots++;
      this.state = areaStateFromSnapshot(s);
    });
    this.socket.on('area:delta', (d) => {
      if (d.region !== this.region) this.foreignDeltas++;
      if (!this.state || d.region !== this.region) return;
      this.deltas++;
      const next = applyAreaDelta(this.state, d);
      if (next === 'resync') {
        this.resyncs++;
        this.socket.emit('view:area', { region: this.region });
      } else this.state = next;
    });
  }

  switchTo(region: string) {
    this.region = region;
    this.state = null;
    this.socket.emit('view:area', { region });
  }

  /** Provinces of the region as this client computes them. */
  provinces() {
    const s = this.state!;
    return resultsAt({ region: this.region }, s.version, s.updatedAt, { area: [...s.cells.values()] });
  }
}

/** The national view as the browser keeps it. */
class NationalClient {
  state: TallyState | null = null;
  snapshots = 0;
  socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  constructor() {
    this.socket = io(sys.baseUrl, { transports: ['websocket'] });
    this.socket.on('tally:snapshot', (s) => {
      this.snapshots++;
      this.state = stateFromSnapshot(s);
    });
    this.socket.on('tally:delta', (d) => {
      if (!this.state) return;
      const next = applyDelta(this.state, d);
      if (next === 'resync') this.socket.emit('tally:resync');
      else this.state = next;
    });
  }
  async agrees(): Promise<boolean> {
    if (!this.state) return false;
    const api = await getJson<{ version: number; totals: unknown; regions: unknown }>(sys, '/api/results');
    const mine = summarizeCells(this.state.version, this.state.updatedAt, cellsOf(this.state));
    return mine.version === api.version && JSON.stringify([mine.totals, mine.regions]) === JSON.stringify([api.totals, api.regions]);
  }
}

async function agreesWithApi(client: AreaClient): Promise<boolean> {
  if (!client.state) return false;
  const api = await getJson<LevelResults>(sys, `/api/results?level=province&region=${encodeURIComponent(client.region)}`);
  const mine = client.provinces();
  return (
    JSON.stringify(mine.totals) === JSON.stringify(api.totals) &&
    JSON.stringify(mine.regions.map((r) => [r.region, r.votes, r.valid, r.blank, r.null, r.candidates])) ===
      JSON.stringify(api.areas.map((a) => [a.area, a.votes, a.valid, a.blank, a.null, a.candidates]))
  );
}

it('region rooms get only their region, survive a reconnect and a view switch mid-ingest, and end exact', async () => {
  const lima = new AreaClient('Lima');
  const cusco = new AreaClient('Áncash'); // switched to Cusco mid-ingest
  const national = new NationalClient();
  await waitFor('the snapshots', async () => lima.snapshots > 0 && cusco.snapshots > 0 && national.snapshots > 0);

  const files = Array.from({ length: 6 }, (_, i) => ({ name: `d${i}.csv`, body: toCsv(peruRows(100 + i, 2_000, emptyExpected(), 50_000_000 + i * 10_000)) }));
  const res = await uploadFiles(sys, files);
  expect(res.status).toBe(202);
  const ids = ((await res.json()) as { uploads: { id: string }[] }).uploads.map((u) => u.id);

  await waitFor('some Lima deltas', async () => lima.deltas >= 2, 60_000);
  // Cut the connection mid-ingest: the handshake carries the view, so the reconnect starts with Lima's snapshot.
  lima.socket.disconnect();
  const before = lima.snapshots;
  lima.socket.connect();
  await waitFor('Lima snapshot after reconnect', async () => lima.snapshots > before);
  cusco.switchTo('Cusco');
  // The national view too: cut mid-ingest, stay away for a while, come back to a snapshot.
  const nationalAt = national.state!.version;
  national.socket.disconnect();
  await waitFor('versions move on while it is away', async () => (await getJson<{ version: number }>(sys, '/api/results')).version > nationalAt + 3);
  national.socket.connect();

  await waitFor('all uploads counted', async () => {
    const states = await Promise.all(ids.map((id) => getJson<{ status: string }>(sys, `/api/uploads/${id}`)));
    return states.every((s) => s.status === 'done');
  }, 90_000);
  await waitFor('Lima view equals the API', () => agreesWithApi(lima), 20_000);
  await waitFor('Cusco view equals the API', () => agreesWithApi(cusco), 20_000);
  await waitFor('national view equals the API (version and every number)', () => national.agrees(), 20_000);
  national.socket.disconnect();

  // A retraction takes votes away under Lima: the room gets a negative delta and still agrees.
  const r = await fetch(`${sys.baseUrl}/api/uploads/${ids[0]}/retract`, { method: 'POST', headers: { authorization: `Bearer ${sys.token}` } });
  expect(r.status).toBe(200);
  const limaVersion = lima.state!.version;
  await waitFor('Lima sees the retraction', async () => lima.state!.version > limaVersion && (await agreesWithApi(lima)), 20_000);

  expect(lima.nationalMessages).toBe(0);
  expect(cusco.nationalMessages).toBe(0);
  expect(lima.foreignDeltas).toBe(0);
  expect(cusco.foreignDeltas).toBe(0);
  expect(lima.deltas).toBeGreaterThan(2);

  // Back to the national view: the socket gets the national snapshot again.
  let nationalSnapshots = 0;
  cusco.socket.on('tally:snapshot', () => nationalSnapshots++);
  cusco.socket.emit('view:area', { region: null });
  await waitFor('national snapshot', async () => nationalSnapshots > 0);
  lima.socket.disconnect();
  cusco.socket.disconnect();
});

it('the uploads feed is public without people’s names, pushed to every viewer, and names uploaders to signed-in users', async () => {
  const batches: { uploadId: string; status: string }[][] = [];
  const viewer = io(sys.baseUrl, { transports: ['websocket'] });
  viewer.on('uploads:feed', (items) => batches.push(items));
  await waitFor('viewer connected', async () => viewer.connected);

  const res = await uploadFiles(sys, [{ name: 'feed.csv', body: toCsv(peruRows(900, 300, emptyExpected(), 70_000_000)) }]);
  const id = ((await res.json()) as { uploads: { id: string }[] }).uploads[0].id;
  await waitFor('feed shows it counted', async () => batches.flat().some((p) => p.uploadId === id && p.status === 'done'), 30_000);

  type Feed = { uploads: { id: string; filename: string; uploadedBy?: string; error?: string | null }[] };
  const anonymous = (await (await fetch(`${sys.baseUrl}/api/uploads/feed`)).json()) as Feed;
  const mine = anonymous.uploads.find((u) => u.id === id)!;
  expect(mine.filename).toBe('feed.csv');
  expect('uploadedBy' in mine).toBe(false);
  expect('error' in mine).toBe(false);
  const signedIn = await getJson<Feed>(sys, '/api/uploads/feed');
  expect(signedIn.uploads.find((u) => u.id === id)!.uploadedBy).toBe('admin@test.local');
  viewer.disconnect();
});
