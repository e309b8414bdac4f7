// The services restart under a running ingest, with real processes throughout:
//  - Redis is SIGKILLed and started again EMPTY (it keeps nothing on disk, as on this machine): the queue's jobs are
//    gone, but staged rows live in Postgres and a worker's sweep enqueues them again;
//  - Postgres becomes unreachable for seconds (every connection cut, new ones refused, as during a restart),
//    through a TCP relay in front of the real server: transactions in flight roll back and jobs retry;
//  - the web node is SIGKILLed while it reads a file: the upload is failed by a sweep, with nothing of it counted.
// After each, the tallies equal a truth computed from the fixtures and a dashboard socket agrees with the server.
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disconnectPrisma, getPrisma } from '../../lib/db';
import type { ClientToServerEvents, ServerToClientEvents, TallyCell, TallyDelta, TallySnapshot } from '../../lib/events';
import { summarizeCells } from '../../lib/results/summarizeCells';
import { verifyTallies } from '../../lib/tally/verifyTallies';
import { STALLED_READ_MESSAGE } from '../../lib/uploads/sweepUploads';
import { emptyExpected, mergeExpected, peruRows, resultsAsExpected, toCsv, usVotes, type Expected } from '../support/fixtures';
import { freePort, startProcess, waitFor, waitForHealth } from '../support/processes';
import { getJson, startTestSystem, uploadFiles, type TestSystem } from '../support/system';
import { RedisServer } from '../support/redisServer';
import { TcpRelay } from '../support/tcpRelay';

type Results = Parameters<typeof resultsAsExpected>[0] & { version: number };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Sent {
  name: string;
  id: string;
  rows: number;
  expected: Expected;
}

describe('ingest survives Redis and Postgres restarts and a web node dying mid-file', () => {
  let sys: TestSystem;
  let redis: RedisServer;
  let pgRelay: TcpRelay;
  let socket: Socket<ServerToClientEvents, ClientToServerEvents> | undefined;
  const received: { snapshot?: TallySnapshot; deltas: TallyDelta[] } = { deltas: [] };
  const sent: Sent[] = [];
  let dni = 60_000_000;

  /** Uploads one file; returns its upload id. */
  async function post(name: string, body: string): Promise<string> {
    const res = await uploadFiles(sys, [{ name, body }]);
    expect(res.status, await res.clone().text()).toBe(202);
    const { uploads } = (await res.json()) as { uploads: { id: string }[] };
    return uploads[0].id;
  }

  async function send(name: string, body: string, rows: number, expected: Expected): Promise<void> {
    sent.push({ name, id: await post(name, body), rows, expected });
  }

  async function sendPeru(name: string, rows: number, seed: number): Promise<void> {
    const expected = emptyExpected();
    const body = toCsv(peruRows(seed, rows, expected, dni));
    dni += rows;
    await send(name, body, rows, expected);
  }

  async function sendStations(name: string, rows: number, seed: number): Promise<void> {
    const expected = emptyExpected();
    // Polling-station counts without voter ids: only the chunk guard keeps a redelivered chunk from counting twice.
    await send(name, JSON.stringify(usVotes(seed, rows, expected).map(({ vote_id: _drop, ...rest }) => rest)), rows, expected);
  }

  async function chunksApplied(): Promise<number> {
    return getPrisma().uploadChunk.count();
  }

  async function waitAllDone(timeoutMs = 90_000): Promise<void> {
    await waitFor('every upload to finish', async () => {
      for (const proc of [sys.web, ...sys.workers]) {
        if (proc.proc.exitCode !== null) throw new Error(`a process died (exit ${proc.proc.exitCode}):\n${proc.output()}`);
      }
      const open = await getPrisma().upload.findMany({ where: { id: { in: sent.map((s) => s.id) }, status: { notIn: ['done'] } } });
      const failed = open.filter((u) => u.status === 'failed');
      if (failed.length > 0) throw new Error(`uploads failed: ${failed.map((u) => `${u.filename}: ${u.errorMessage}`).join('; ')}`);
      return open.length === 0;
    }, timeoutMs);
  }

  /** Every upload counted exactly: tallies, raw rows, counters, nothing left staged; the socket agrees. */
  async function expectExact(): Promise<void> {
    const results = await getJson<Results>(sys, '/api/results');
    expect(resultsAsExpected(results)).toEqual(mergeExpected(sent.map((s) => s.expected)));
    expect(await verifyTallies()).toMatchObject({ ok: true, version: results.version });
    const prisma = getPrisma();
    for (const s of sent) {
      const u = await prisma.upload.findUniqueOrThrow({ where: { id: s.id } });
      expect({ status: u.status, accepted: u.rowsAccepted, rejected: u.rowsRejected, votes: Number(u.votesAccepted) }, s.name).toEqual({
        status: 'done',
        accepted: s.rows,
        rejected: 0,
        votes: s.expected.votes,
      });
      expect(await prisma.voteRecord.count({ where: { uploadId: s.id } }), s.name).toBe(s.rows);
    }
    expect(await prisma.stagedChunk.count()).toBe(0);

    // The dashboard socket, never reconnected by hand, reaches the same version and numbers.
    await waitFor('the socket to reach the final version', async () => received.deltas.at(-1)?.to === results.version, 15_000);
    const sums = new Map<string, TallyCell>();
    let v = received.snapshot!.version;
    for (const c of received.snapshot!.cells) sums.set(`${c[0]}|${c[1]}|${c[2]}`, c);
    for (const d of received.deltas) {
      expect(d.from, 'deltas chain without a gap').toBe(v);
      v = d.to;
      for (const c of d.cells) {
        const k = `${c[0]}|${c[1]}|${c[2]}`;
        sums.set(k, [c[0], c[1], c[2], (sums.get(k)?.[3] ?? 0) + c[3]]);
      }
    }
    expect(resultsAsExpected(summarizeCells(v, null, [...sums.values()]))).toEqual(resultsAsExpected(results));
  }

  beforeAll(async () => {
    redis = new RedisServer(await freePort());
    await redis.start();
    pgRelay = new TcpRelay(new URL(process.env.DATABASE_URL!));
    const databaseUrl = await pgRelay.listen();
    sys = await startTestSystem({
      workers: 1,
      env: {
        DATABASE_URL: databaseUrl,
        REDIS_URL: `redis://127.0.0.1:${redis.port}`,
        CHUNK_ROWS: '100',
        WORKER_CONCURRENCY: '1',
        WORKER_LOCK_MS: '2000',
        STALLED_UPLOAD_MS: '2000',
      },
    });
    socket = io(sys.baseUrl, { transports: ['websocket'] });
    socket.on('tally:snapshot', (s) => {
      received.snapshot ??= s;
    });
    socket.on('tally:delta', (d) => received.deltas.push(d));
    await waitFor('the first snapshot', async () => received.snapshot);
  }, 180_000);

  afterAll(async () => {
    socket?.close();
    await sys?.stop();
    pgRelay?.close();
    await redis?.kill();
    await disconnectPrisma();
  });

  it('Redis restarts empty mid-ingest: lost jobs are enqueued again from Postgres, nothing lost or doubled', { timeout: 120_000 }, async () => {
    await sendPeru('before-redis-1.csv', 6000, 301);
    await sendStations('before-redis-2.json', 4000, 302);
    await waitFor('some chunks applied', async () => (await chunksApplied()) >= 10, 30_000);
    const appliedAtKill = await chunksApplied();

    await redis.kill();
    await sleep(500);
    await redis.start(); // empty: every job, lock and pub/sub subscription is gone

    // The web node reconnects by itself: a new upload right after the restart is accepted and counted too.
    await sendPeru('after-redis.csv', 3000, 303);
    await waitAllDone();
    expect(appliedAtKill, 'the restart came mid-ingest').toBeLessThan(130);
    await expectExact();
    for (const p of [sys.web, ...sys.workers]) expect(p.proc.exitCode, p.output()).toBeNull();
  });

  it('Postgres is unreachable for 3 s mid-ingest: transactions roll back, jobs retry, counts stay exact', { timeout: 120_000 }, async () => {
    const before = await chunksApplied();
    await sendPeru('before-pg-1.csv', 5000, 311);
    await sendStations('before-pg-2.json', 3000, 312);
    await waitFor('some chunks applied', async () => (await chunksApplied()) >= before + 10, 30_000);
    const total = before + 80;
    const appliedAtCut = await chunksApplied();

    pgRelay.outage(3000);
    await sleep(3000);

    await waitAllDone();
    expect(appliedAtCut, 'the outage came mid-ingest').toBeLessThan(total);
    await expectExact();
    for (const p of [sys.web, ...sys.workers]) expect(p.proc.exitCode, p.output()).toBeNull();
  });

  it('a web node killed while reading a file: the upload is failed by a sweep and counts nothing', { timeout: 120_000 }, async () => {
    const prisma = getPrisma();
    const versionBefore = (await getJson<Results>(sys, '/api/results')).version;
    const expected = emptyExpected();
    const body = toCsv(peruRows(321, 300_000, expected, 70_000_000));
    const id = await post('big.csv', body);

    // Kill it once part of the file is staged and before the whole file is read.
    await waitFor('part of the file staged', async () => (await prisma.stagedChunk.count({ where: { uploadId: id } })) > 0, 30_000);
    await sys.web.stop('SIGKILL');
    const atKill = await prisma.upload.findUniqueOrThrow({ where: { id } });
    expect(atKill.chunksTotal, 'the web node died before it finished reading').toBeNull();

    const failed = await waitFor('the sweep to fail the upload', async () => {
      const u = await prisma.upload.findUniqueOrThrow({ where: { id } });
      return u.status === 'failed' ? u : undefined;
    }, 30_000);
    expect(failed.errorMessage).toBe(STALLED_READ_MESSAGE);
    expect(failed.chunksDone).toBe(0);
    expect(await prisma.stagedChunk.count({ where: { uploadId: id } })).toBe(0);
    expect(await prisma.voteRecord.count({ where: { uploadId: id } })).toBe(0);
    expect(await prisma.uploadError.count({ where: { uploadId: id } })).toBe(0);

    // A new web node on the same port shows the very same results as before the file.
    sys.web = startProcess('server.ts', { ...sys.env, TALLY_PROCESS: 'web' });
    await waitForHealth(sys.baseUrl, sys.web);
    const results = await getJson<Results>(sys, '/api/results');
    expect(results.version).toBe(versionBefore);
    expect(resultsAsExpected(results)).toEqual(mergeExpected(sent.map((s) => s.expected)));
  });
});
