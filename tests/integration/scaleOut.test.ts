// Scale-out with real processes: two web nodes and two workers on one Postgres and one Redis.
//  - Files uploaded to both nodes; national and drill-down sockets on both nodes all end at exactly the numbers of
//    GET /api/results, each delta arriving once (the relay pushes locally; the Socket.IO adapter does not repeat them).
//  - Ending a session (sign-out on one node, an admin disabling the account on the other) closes that session's or
//    user's sockets on BOTH nodes, and nobody else's.
//  - A web node SIGKILLed mid-ingest behind a "load balancer" (a TCP proxy): its clients come back through the other
//    node, start again from a snapshot and end exact; the file it was reading is failed by a sweep, counted nowhere.
//  - Redis SIGKILLed and started again EMPTY: the adapter still reaches both nodes (a disabled user's sockets close).
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../lib/auth/password';
import { disconnectPrisma, getPrisma } from '../../lib/db';
import type { AreaSnapshot, ClientToServerEvents, ServerToClientEvents } from '../../lib/events';
import { resultsAt } from '../../lib/results/areaView';
import type { LevelResults } from '../../lib/results/levelResults';
import { summarizeCells } from '../../lib/results/summarizeCells';
import { applyAreaDelta, applyDelta, areaStateFromSnapshot, cellsOf, stateFromSnapshot, type AreaState, type TallyState } from '../../lib/tally/tallyState';
import { verifyTallies } from '../../lib/tally/verifyTallies';
import { STALLED_READ_MESSAGE } from '../../lib/uploads/sweepUploads';
import { emptyExpected, mergeExpected, peruRows, resultsAsExpected, toCsv, type Expected } from '../support/fixtures';
import { freePort, waitFor } from '../support/processes';
import { RedisServer } from '../support/redisServer';
import { getJson, startTestSystem, uploadFiles, type TestSystem, type WebNode } from '../support/system';
import { TcpRelay } from '../support/tcpRelay';

type Results = Parameters<typeof resultsAsExpected>[0] & { version: number; updatedAt: string | null };
type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let sys: TestSystem;
let nodeA: WebNode;
let nodeB: WebNode;
/** Every file that must count, with the truth computed from the fixtures. */
const counted: { id: string; expected: Expected }[] = [];
let dni = 80_000_000;

afterAll(async () => {
  await disconnectPrisma();
});

/** A dashboard socket as the browser keeps it (same state functions): national view, or one region's view. */
class LiveClient {
  national: TallyState | null = null;
  area: AreaState | null = null;
  snapshots = 0;
  resyncs = 0;
  disconnects = 0;
  /** `from` of every national delta received: a delta the adapter repeated would show up twice. */
  froms: number[] = [];
  socket: ClientSocket;

  constructor(
    url: string,
    readonly region: string | null = null,
    extra: { cookie?: string } = {},
  ) {
    this.socket = io(url, {
      transports: ['websocket'],
      forceNew: true,
      auth: (cb) => cb({ region: this.region }),
      extraHeaders: extra.cookie ? { cookie: extra.cookie } : {},
      reconnectionDelay: 200,
      reconnectionDelayMax: 1000,
    });
    this.socket.on('disconnect', () => this.disconnects++);
    this.socket.on('tally:snapshot', (s) => {
      this.snapshots++;
      this.national = stateFromSnapshot(s);
    });
    this.socket.on('tally:delta', (d) => {
      this.froms.push(d.from);
      if (!this.national) return;
      const next = applyDelta(this.national, d);
      if (next === 'resync') {
        this.resyncs++;
        this.socket.emit('tally:resync');
      } else this.national = next;
    });
    this.socket.on('area:snapshot', (s: AreaSnapshot) => {
      if (s.region !== this.region) return;
      this.snapshots++;
      this.area = areaStateFromSnapshot(s);
    });
    this.socket.on('area:delta', (d) => {
      if (!this.area || d.region !== this.region) return;
      const next = applyAreaDelta(this.area, d);
      if (next === 'resync') {
        this.resyncs++;
        this.socket.emit('view:area', { region: this.region });
      } else this.area = next;
    });
  }

  /** This client's numbers equal GET /api/results (national: version and every number; area: every province). */
  async agrees(node: WebNode): Promise<boolean> {
    const api = { baseUrl: node.baseUrl, token: sys.token };
    if (this.region === null) {
      if (!this.national) return false;
      const res = await getJson<Results>(api, '/api/results');
      const mine = summarizeCells(this.national.version, this.national.updatedAt, cellsOf(this.national));
      return mine.version === res.version && JSON.stringify([mine.totals, mine.regions]) === JSON.stringify([res.totals, res.regions]);
    }
    if (!this.area) return false;
    const res = await getJson<LevelResults>(api, `/api/results?level=province&region=${encodeURIComponent(this.region)}`);
    const mine = resultsAt({ region: this.region }, this.area.version, this.area.updatedAt, { area: [...this.area.cells.values()] });
    return (
      JSON.stringify(mine.totals) === JSON.stringify(res.totals) &&
      JSON.stringify(mine.regions.map((r) => [r.region, r.votes, r.valid, r.blank, r.null, r.candidates])) ===
        JSON.stringify(res.areas.map((a) => [a.area, a.votes, a.valid, a.blank, a.null, a.candidates]))
    );
  }

  close() {
    this.socket.close();
  }
}

/** Uploads Peru-style csv files through `via` (a node or the proxy); they count in full. */
async function upload(via: string, files: { seed: number; rows: number }[]): Promise<string[]> {
  const expected = files.map(() => emptyExpected());
  const bodies = files.map((f, i) => {
    const body = toCsv(peruRows(f.seed, f.rows, expected[i], dni));
    dni += f.rows;
    return { name: `scale-${f.seed}.csv`, body };
  });
  const res = await uploadFiles({ baseUrl: via, token: sys.token }, bodies);
  expect(res.status, await res.clone().text()).toBe(202);
  const ids = ((await res.json()) as { uploads: { id: string }[] }).uploads.map((u) => u.id);
  ids.forEach((id, i) => counted.push({ id, expected: expected[i] }));
  return ids;
}

async function allCounted(timeoutMs = 90_000): Promise<void> {
  await waitFor('every upload counted', async () => {
    const open = await getPrisma().upload.findMany({ where: { id: { in: counted.map((c) => c.id) }, status: { not: 'done' } } });
    const failed = open.filter((u) => u.status === 'failed');
    if (failed.length > 0) throw new Error(`uploads failed: ${failed.map((u) => `${u.filename}: ${u.errorMessage}`).join('; ')}`);
    return open.length === 0;
  }, timeoutMs);
}

/** The API (asked at `node`) equals the truth of every counted file, and every stored tally its raw rows. */
async function expectExact(node: WebNode): Promise<Results> {
  const results = await getJson<Results>({ baseUrl: node.baseUrl, token: sys.token }, '/api/results');
  expect(resultsAsExpected(results)).toEqual(mergeExpected(counted.map((c) => c.expected)));
  expect(await verifyTallies()).toMatchObject({ ok: true, version: results.version });
  return results;
}

async function makeUser(email: string, password: string) {
  return getPrisma().user.create({ data: { email, role: 'uploader', passwordHash: await hashPassword(password) } });
}

async function signIn(url: string, email: string, password: string): Promise<string> {
  const r = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ email, password }),
  });
  expect(r.status).toBe(200);
  return (r.headers.get('set-cookie') ?? '').split(';')[0];
}

async function disableUser(node: WebNode, userId: string): Promise<void> {
  const r = await fetch(`${node.baseUrl}/api/admin/users/${userId}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${sys.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ disabled: true }),
  });
  expect(r.status).toBe(200);
}

describe('two web nodes, two workers', () => {
  beforeAll(async () => {
    sys = await startTestSystem({ workers: 2, env: { CHUNK_ROWS: '100', STALLED_UPLOAD_MS: '2000', WORKER_CONCURRENCY: '1' } });
    nodeA = { baseUrl: sys.baseUrl, run: sys.web };
    nodeB = await sys.startWebNode();
  }, 180_000);

  afterAll(async () => {
    await sys?.stop();
  });

  it('sockets on both nodes, national and drill-down, end at the numbers of /api/results; each delta arrives once', { timeout: 120_000 }, async () => {
    const clients = [
      new LiveClient(nodeA.baseUrl),
      new LiveClient(nodeB.baseUrl),
      new LiveClient(nodeA.baseUrl, 'Lima'),
      new LiveClient(nodeB.baseUrl, 'Lima'),
      new LiveClient(nodeB.baseUrl, 'Cusco'),
    ];
    await waitFor('every snapshot', async () => clients.every((c) => c.snapshots > 0));

    // Both nodes read files at the same time; the workers take chunks of either.
    await Promise.all([
      upload(nodeA.baseUrl, [{ seed: 1, rows: 3000 }, { seed: 2, rows: 2500 }]),
      upload(nodeB.baseUrl, [{ seed: 3, rows: 3000 }, { seed: 4, rows: 2000 }]),
    ]);
    await upload(nodeB.baseUrl, [{ seed: 5, rows: 1500 }]);
    await allCounted();

    const results = await expectExact(nodeB);
    for (const [i, c] of clients.entries()) {
      await waitFor(`client ${i} (${c.region ?? 'national'}) equals the API`, () => c.agrees(i % 2 === 0 ? nodeA : nodeB), 20_000);
    }
    for (const c of clients.filter((c) => c.region === null)) {
      expect(c.national!.version).toBe(results.version);
      expect(c.resyncs, 'no delta out of order, none repeated').toBe(0);
      expect(new Set(c.froms).size, 'each delta sent once').toBe(c.froms.length);
      expect(c.froms.length).toBeGreaterThan(2);
    }
    for (const c of clients) expect(c.disconnects).toBe(0);
    clients.forEach((c) => c.close());
  });

  it('ending a session closes its sockets on both nodes (sign-out, password change, disabled account), nobody else’s', { timeout: 60_000 }, async () => {
    const email = 'scale-uploader@test.local';
    const password = 'a-long-test-password';
    const user = await makeUser(email, password);
    // Three sessions of one user (three browsers), each with a socket on each node; and an anonymous viewer per node.
    const [first, second, third] = [await signIn(nodeA.baseUrl, email, password), await signIn(nodeB.baseUrl, email, password), await signIn(nodeA.baseUrl, email, password)];
    const socketsOf = (cookie: string) => [new LiveClient(nodeA.baseUrl, null, { cookie }), new LiveClient(nodeB.baseUrl, 'Lima', { cookie })];
    const [ofFirst, ofSecond, ofThird] = [socketsOf(first), socketsOf(second), socketsOf(third)];
    const others = [new LiveClient(nodeA.baseUrl), new LiveClient(nodeB.baseUrl)];
    const all = [...ofFirst, ...ofSecond, ...ofThird, ...others];
    await waitFor('every socket connected with its snapshot', async () => all.every((c) => c.snapshots > 0 && c.socket.connected));
    // The server ends them on purpose: the client must not reconnect by itself (the dashboard does, as anonymous).
    for (const c of all) c.socket.io.reconnection(false);
    const connected = (cs: LiveClient[]) => cs.map((c) => c.socket.connected);
    const settle = () => new Promise((r) => setTimeout(r, 500));

    // Sign-out of the first session at node B closes its sockets on A and B, and only those.
    const out = await fetch(`${nodeB.baseUrl}/api/auth/logout`, { method: 'POST', headers: { cookie: first, origin: nodeB.baseUrl } });
    expect(out.status).toBe(200);
    await waitFor('the first session’s sockets closed on both nodes', async () => ofFirst.every((c) => !c.socket.connected), 10_000);
    await settle();
    expect(connected([...ofSecond, ...ofThird, ...others])).toEqual([true, true, true, true, true, true]);

    // The third session changes the password at node A: the user's other sessions end, with their sockets; its own stay.
    const change = await fetch(`${nodeA.baseUrl}/api/auth/password`, {
      method: 'POST',
      headers: { cookie: third, origin: nodeA.baseUrl, 'content-type': 'application/json' },
      body: JSON.stringify({ current: password, next: 'another-long-password' }),
    });
    expect(change.status).toBe(200);
    await waitFor('the second session’s sockets closed on both nodes', async () => ofSecond.every((c) => !c.socket.connected), 10_000);
    await settle();
    expect(connected([...ofThird, ...others])).toEqual([true, true, true, true]);

    // An admin disables the user at node A: the last session's sockets close on both nodes too.
    await disableUser(nodeA, user.id);
    await waitFor('the disabled user’s sockets closed on both nodes', async () => ofThird.every((c) => !c.socket.connected), 10_000);
    await settle();
    expect(connected(others)).toEqual([true, true]);
    expect(others.map((c) => c.disconnects)).toEqual([0, 0]);
    all.forEach((c) => c.close());
  });

  it('a web node SIGKILLed mid-ingest: its clients come back through the other node and end exact; its file is failed, counted nowhere', { timeout: 120_000 }, async () => {
    // The "load balancer": sends every connection to node A until A is taken out.
    const lb = new TcpRelay(new URL(nodeA.baseUrl));
    const lbUrl = (await lb.listen()).replace(/\/$/, '');
    try {
      const viaLb = [new LiveClient(lbUrl), new LiveClient(lbUrl, 'Lima'), new LiveClient(lbUrl, 'Áncash')];
      const onB = new LiveClient(nodeB.baseUrl);
      const clients = [...viaLb, onB];
      await waitFor('every snapshot', async () => clients.every((c) => c.snapshots > 0));

      // Files the workers are counting while A dies (read by B).
      const ingesting = await upload(nodeB.baseUrl, Array.from({ length: 8 }, (_, i) => ({ seed: 20 + i, rows: 6000 })));
      await waitFor('some of them counted', async () => {
        const ups = await getPrisma().upload.findMany({ where: { id: { in: ingesting } } });
        return ups.some((u) => u.chunksDone > 0);
      }, 30_000);

      // A big file A is still reading when it dies.
      const expected = emptyExpected();
      const big = await uploadFiles({ baseUrl: lbUrl, token: sys.token }, [{ name: 'big-on-a.csv', body: toCsv(peruRows(99, 300_000, expected, 90_000_000)) }]);
      expect(big.status).toBe(202);
      const bigId = ((await big.json()) as { uploads: { id: string }[] }).uploads[0].id;
      const prisma = getPrisma();
      await waitFor('part of the big file staged', async () => (await prisma.stagedChunk.count({ where: { uploadId: bigId } })) > 0, 30_000);
      const snapshotsBefore = viaLb.map((c) => c.snapshots);

      await nodeA.run.stop('SIGKILL');
      lb.pointTo(new URL(nodeB.baseUrl));
      const atKill = await prisma.upload.findUniqueOrThrow({ where: { id: bigId } });
      expect(atKill.chunksTotal, 'A died before it finished reading the big file').toBeNull();
      const stillCounting = await prisma.upload.count({ where: { id: { in: ingesting }, status: { not: 'done' } } });
      expect(stillCounting, 'A died mid-ingest').toBeGreaterThan(0);

      // More files through the load balancer, which now reaches B.
      await upload(lbUrl, [{ seed: 40, rows: 2000 }]);

      const failed = await waitFor('the sweep to fail the big file', async () => {
        const u = await prisma.upload.findUniqueOrThrow({ where: { id: bigId } });
        return u.status === 'failed' ? u : undefined;
      }, 30_000);
      expect(failed.errorMessage).toBe(STALLED_READ_MESSAGE);
      await allCounted();

      const results = await expectExact(nodeB);
      expect(await prisma.voteRecord.count({ where: { uploadId: bigId } })).toBe(0);
      expect(await prisma.stagedChunk.count({ where: { uploadId: bigId } })).toBe(0);
      expect(await prisma.uploadChunk.count({ where: { uploadId: bigId } })).toBe(0);

      for (const [i, c] of clients.entries()) {
        await waitFor(`client ${i} (${c.region ?? 'national'}) equals the API`, () => c.agrees(nodeB), 20_000);
      }
      for (const [i, c] of viaLb.entries()) {
        expect(c.disconnects, 'cut when A died').toBeGreaterThan(0);
        expect(c.snapshots, 'a fresh snapshot from B').toBeGreaterThan(snapshotsBefore[i]);
        expect(c.socket.connected).toBe(true);
      }
      expect(viaLb[0].national!.version).toBe(results.version);
      expect(onB.disconnects).toBe(0);
      clients.forEach((c) => c.close());
    } finally {
      lb.close();
    }
  });
});

describe('the adapter through a Redis restart', () => {
  let redis: RedisServer;

  beforeAll(async () => {
    redis = new RedisServer(await freePort());
    await redis.start();
    sys = await startTestSystem({ workers: 1, env: { REDIS_URL: redis.url } });
    nodeA = { baseUrl: sys.baseUrl, run: sys.web };
    nodeB = await sys.startWebNode();
  }, 180_000);

  afterAll(async () => {
    await sys?.stop();
    await redis?.kill();
  });

  it('Redis restarts empty: disabling a user still closes their sockets on both nodes', { timeout: 60_000 }, async () => {
    const email = 'after-restart@test.local';
    const password = 'a-long-test-password';
    const user = await makeUser(email, password);
    const cookie = await signIn(nodeA.baseUrl, email, password);
    const theirs = [new LiveClient(nodeA.baseUrl, null, { cookie }), new LiveClient(nodeB.baseUrl, 'Lima', { cookie })];
    const others = [new LiveClient(nodeA.baseUrl), new LiveClient(nodeB.baseUrl)];
    const all = [...theirs, ...others];
    await waitFor('every socket connected', async () => all.every((c) => c.snapshots > 0 && c.socket.connected));
    for (const c of all) c.socket.io.reconnection(false);

    await redis.kill();
    await new Promise((r) => setTimeout(r, 500));
    await redis.start(); // empty: the adapter's stream and every subscription are gone
    // The nodes' connections come back by themselves (ioredis retries within about 2 s); give them the time.
    await new Promise((r) => setTimeout(r, 4000));

    await disableUser(nodeB, user.id);
    await waitFor('the disabled user’s sockets closed on both nodes', async () => theirs.every((c) => !c.socket.connected), 15_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(others.map((c) => c.socket.connected)).toEqual([true, true]);
    all.forEach((c) => c.close());
  });
});
