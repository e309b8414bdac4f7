// Operations: liveness and readiness (503 naming the service that is down, bounded by READY_TIMEOUT_MS), Prometheus
// metrics (who may read them, and that the cluster-wide and per-node series move when an upload is counted), the
// admin queue view and retry, refusing an unmigrated database, and a web node draining on SIGTERM.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { createApiToken } from '../../lib/auth/apiToken';
import { hashPassword } from '../../lib/auth/password';
import { disconnectPrisma, getPrisma } from '../../lib/db';
import { chunkJobId, closeIngestQueue, getIngestQueue } from '../../lib/queue';
import { freePort, startProcess, waitFor, waitForHealth } from '../support/processes';
import { ADMIN, getJson, startTestSystem, uploadFiles, type TestSystem } from '../support/system';
import { TcpRelay } from '../support/tcpRelay';

const METRICS_TOKEN = 'metrics-scraper-secret-0123456789';
const PASSWORD = 'a-long-test-password';
let sys: TestSystem;
const tokens: Record<'viewer' | 'uploader', string> = { viewer: '', uploader: '' };

beforeAll(async () => {
  sys = await startTestSystem({ workers: 1, env: { METRICS_TOKEN, READY_TIMEOUT_MS: '1000' } });
  for (const role of ['viewer', 'uploader'] as const) {
    const u = await getPrisma().user.create({ data: { email: `${role}@ops.test`, role, passwordHash: await hashPassword(PASSWORD) } });
    tokens[role] = (await createApiToken(u.id, role)).token;
  }
}, 180_000);

afterAll(async () => {
  await sys?.stop();
  await closeIngestQueue();
  await disconnectPrisma();
});

type Sample = { name: string; labels: Record<string, string>; value: number };

function parseMetrics(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not exposition format: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
    out.push({ name: m[1], labels, value: m[3] === '+Inf' ? Infinity : Number(m[3]) });
  }
  return out;
}

/** Sum of the samples of `name` whose labels include `labels`. */
function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const hits = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (hits.length === 0) throw new Error(`no series ${name} ${JSON.stringify(labels)}`);
  return hits.reduce((a, s) => a + s.value, 0);
}

async function scrape(baseUrl = sys.baseUrl): Promise<Sample[]> {
  const r = await fetch(`${baseUrl}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(r.status).toBe(200);
  return parseMetrics(await r.text());
}

async function signIn(email: string, password: string): Promise<string> {
  const r = await fetch(`${sys.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: sys.baseUrl },
    body: JSON.stringify({ email, password }),
  });
  expect(r.status).toBe(200);
  return (r.headers.get('set-cookie') ?? '').split(';')[0];
}

describe('liveness and readiness', () => {
  it('/api/health is 200 and /api/ready is 200 with every check passing', async () => {
    const health = await fetch(`${sys.baseUrl}/api/health`);
    expect([health.status, await health.json()]).toEqual([200, { ok: true }]);
    const ready = await fetch(`${sys.baseUrl}/api/ready`);
    const body = (await ready.json()) as { ready: boolean; checks: Record<string, { ok: boolean; ms: number }> };
    expect(body).toMatchObject({ ready: true });
    expect(ready.status).toBe(200);
    expect(body.ready).toBe(true);
    expect(Object.keys(body.checks).sort()).toEqual(['migrations', 'postgres', 'queue', 'redis']);
    for (const c of Object.values(body.checks)) expect(c.ok).toBe(true);
  });

  it('/api/ready is 503 naming Redis while Redis is cut off, 200 again after, and 503 within the timeout when Postgres hangs', async () => {
    const pgRelay = new TcpRelay(new URL(process.env.DATABASE_URL!));
    const redisRelay = new TcpRelay(new URL(process.env.REDIS_URL!));
    const [databaseUrl, redisUrl] = [await pgRelay.listen(), await redisRelay.listen()];
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const metricsToken = 'ready-details-token-0123456789abcdef';
    const node = startProcess('server.ts', {
      ...sys.env,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      TALLY_PROCESS: 'web',
      METRICS_TOKEN: metricsToken,
    });
    type Ready = { ready: boolean; checks: Record<string, { ok: boolean; error?: string }> };
    // With the metrics token: the checks' error texts (they name internal hosts); without it only which failed.
    const ready = async (withToken = true) => {
      const r = await fetch(`${url}/api/ready`, { headers: withToken ? { authorization: `Bearer ${metricsToken}` } : {} });
      return { status: r.status, body: (await r.json()) as Ready };
    };
    try {
      await waitForHealth(url, node);
      expect((await ready()).status).toBe(200);

      redisRelay.outage(120_000);
      const down = await waitFor('ready 503 without Redis', async () => {
        const r = await ready();
        return r.status === 503 ? r : undefined;
      }, 20_000);
      expect(down.body.ready).toBe(false);
      expect(down.body.checks.redis.ok).toBe(false);
      expect(down.body.checks.redis.error).toBeTruthy();
      expect(down.body.checks.postgres.ok).toBe(true);
      expect(down.body.checks.migrations.ok).toBe(true);
      const anonymous = await ready(false);
      expect(anonymous.status).toBe(503);
      expect(anonymous.body.checks.redis).toEqual({ ok: false, ms: expect.any(Number) });
      expect((await fetch(`${url}/api/health`)).status).toBe(200);

      redisRelay.outage(0);
      await waitFor('ready again once Redis is back', async () => (await ready()).status === 200, 30_000);

      // A Postgres that accepts packets and never answers: each check gives up after READY_TIMEOUT_MS (1 s).
      pgRelay.freeze();
      const started = Date.now();
      const hung = await ready();
      expect(Date.now() - started).toBeLessThan(4000);
      expect(hung.status).toBe(503);
      expect(hung.body.checks.postgres).toMatchObject({ ok: false });
      expect(hung.body.checks.postgres.error).toMatch(/timed out|terminated|Connection/i);
      expect(hung.body.checks.redis.ok).toBe(true);
      // Metrics still answer with this node's own series, and say the cluster-wide ones are missing.
      const metrics = await fetch(`${url}/api/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
      expect(metrics.status).toBe(200);
      const text = await metrics.text();
      expect(text).toMatch(/^tally_cluster_scrape_ok 0$/m);
      expect(text).toContain('tally_sockets_connected');
      expect(text).not.toContain('tally_rows{');
    } finally {
      // Its pool holds connections that will never answer: no clean shutdown to wait for.
      await node.stop('SIGKILL');
      pgRelay.close();
      redisRelay.close();
    }
  }, 120_000);
});

describe('metrics', () => {
  it('are readable with the METRICS_TOKEN bearer or as an admin, by nobody else', async () => {
    const get = (headers: Record<string, string>) => fetch(`${sys.baseUrl}/api/metrics`, { headers }).then((r) => r.status);
    const adminCookie = await signIn(ADMIN.email, ADMIN.password);
    expect({
      anonymous: await get({}),
      wrongBearer: await get({ authorization: 'Bearer not-the-metrics-token-at-all' }),
      viewer: await get({ authorization: `Bearer ${tokens.viewer}` }),
      uploader: await get({ authorization: `Bearer ${tokens.uploader}` }),
      adminToken: await get({ authorization: `Bearer ${sys.token}` }),
      adminCookie: await get({ cookie: adminCookie }),
      metricsToken: await get({ authorization: `Bearer ${METRICS_TOKEN}` }),
    }).toEqual({ anonymous: 401, wrongBearer: 401, viewer: 403, uploader: 403, adminToken: 200, adminCookie: 200, metricsToken: 200 });
    const r = await fetch(`${sys.baseUrl}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(r.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('move when an upload is counted: rows, votes, uploads, version, queue back to 0, job durations, delta lag, sockets, results reads', async () => {
    const before = await scrape();
    const socket = connect(sys.baseUrl, { transports: ['websocket'], forceNew: true });
    await new Promise((r) => socket.once('tally:snapshot', r));
    try {
      // 120 counted rows (3 chunks of 50 at CHUNK_ROWS=50) and 2 rejected (unknown valid flag).
      const lines = ['region,candidato,esvalido'];
      for (let i = 0; i < 120; i++) lines.push(`Region ${i % 4},Candidate ${i % 3},1`);
      lines.push('Region 0,Candidate 0,maybe', 'Region 1,Candidate 1,perhaps');
      const res = await uploadFiles(sys, [{ name: 'metrics.csv', body: lines.join('\n') + '\n' }]);
      expect(res.status).toBe(202);
      const id = ((await res.json()) as { uploads: { id: string }[] }).uploads[0].id;
      await waitFor('the upload counted', async () => (await getJson<{ status: string }>(sys, `/api/uploads/${id}`)).status === 'done', 60_000);
      const results = await fetch(`${sys.baseUrl}/api/results`);
      expect(results.status).toBe(200);
      const version = Number(results.headers.get('x-tally-version'));

      const after = await waitFor('jobs finished and recorded', async () => {
        const s = await scrape();
        const idle = ['waiting', 'active', 'delayed', 'prioritized'].every((state) => value(s, 'tally_queue_jobs', { state }) === 0);
        const recorded = value(s, 'tally_job_duration_seconds_count', { outcome: 'completed' }) - value(before, 'tally_job_duration_seconds_count', { outcome: 'completed' }) >= 3;
        const pushed = value(s, 'tally_node_published_version') >= version;
        return idle && recorded && pushed ? s : undefined;
      }, 30_000);
      const delta = (name: string, labels: Record<string, string> = {}) => value(after, name, labels) - value(before, name, labels);
      expect(delta('tally_rows', { result: 'accepted' })).toBe(120);
      expect(delta('tally_rows', { result: 'rejected' })).toBe(2);
      expect(delta('tally_votes_counted', { status: 'valid' })).toBe(120);
      expect(delta('tally_uploads', { status: 'done' })).toBe(1);
      expect(value(after, 'tally_version')).toBe(version);
      expect(value(after, 'tally_cluster_scrape_ok')).toBe(1);
      expect(delta('tally_version')).toBe(3);
      expect(value(after, 'tally_job_duration_seconds_bucket', { outcome: 'completed', le: '+Inf' })).toBe(value(after, 'tally_job_duration_seconds_count', { outcome: 'completed' }));
      expect(value(after, 'tally_job_duration_seconds_sum', { outcome: 'completed' })).toBeGreaterThan(0);
      // The web node observed each of the three versions from its commit to its push.
      expect(delta('tally_delta_lag_seconds_count')).toBeGreaterThanOrEqual(3);
      expect(value(after, 'tally_delta_lag_seconds_sum')).toBeGreaterThan(0);
      expect(value(after, 'tally_sockets_connected')).toBeGreaterThanOrEqual(1);
      expect(value(after, 'tally_results_requests_total', { path: '/api/results', code: '200' })).toBeGreaterThanOrEqual(1);
      // Per-process series carry the process's role and pid; cluster-wide ones do not.
      const lag = after.find((s) => s.name === 'tally_delta_lag_seconds_count')!;
      expect(lag.labels).toMatchObject({ role: 'web', pid: String(sys.web.proc.pid) });
      expect(after.find((s) => s.name === 'tally_version')!.labels).toEqual({});
      expect(after.some((s) => s.name === 'process_cpu_seconds_total')).toBe(true);
    } finally {
      socket.close();
    }
  }, 120_000);
});

describe('the queue view', () => {
  it('is for admins only: the API (401/403) and the page', async () => {
    const get = (auth?: string) => fetch(`${sys.baseUrl}/api/admin/queue`, { headers: auth ? { authorization: `Bearer ${auth}` } : {} }).then((r) => r.status);
    expect([await get(), await get(tokens.viewer), await get(tokens.uploader), await get(sys.token)]).toEqual([401, 403, 403, 200]);
    const post = (auth?: string) =>
      fetch(`${sys.baseUrl}/api/admin/queue/retry-failed`, { method: 'POST', headers: auth ? { authorization: `Bearer ${auth}` } : {} }).then((r) => r.status);
    expect([await post(), await post(tokens.viewer), await post(tokens.uploader)]).toEqual([401, 403, 403]);

    const anonymous = await fetch(`${sys.baseUrl}/admin/queue`, { redirect: 'manual' });
    expect(anonymous.status).toBeGreaterThanOrEqual(300);
    expect(anonymous.headers.get('location')).toContain('/login');
    const uploaderPage = await fetch(`${sys.baseUrl}/admin/queue`, { headers: { cookie: await signIn('uploader@ops.test', PASSWORD) } });
    const uploaderHtml = await uploaderPage.text();
    expect(uploaderHtml).toContain('Only admins may open the queue view');
    expect(uploaderHtml).not.toContain('data-testid="queue-counts"');
    const adminHtml = await (await fetch(`${sys.baseUrl}/admin/queue`, { headers: { cookie: await signIn(ADMIN.email, ADMIN.password) } })).text();
    expect(adminHtml).toContain('data-testid="queue-counts"');
  });

  it('lists a failed job with its error and retry-failed runs it again (audited)', async () => {
    // A chunk job of an upload still "processing" whose staged rows are gone: the worker fails it for good.
    const upload = await getPrisma().upload.create({
      data: { filename: 'lost.csv', sha256: 'f'.repeat(64), sizeBytes: 1n, status: 'processing', chunksTotal: 1 },
    });
    const job = { uploadId: upload.id, seq: 0 };
    const queue = getIngestQueue();
    await queue.add('chunk', job, { jobId: chunkJobId(job) });
    await waitFor('the job failed', async () => (await queue.getJobState(chunkJobId(job))) === 'failed', 30_000);

    type View = { counts: Record<string, number>; oldestWaitingMs: number | null; failed: { id: string; uploadId: string; failedReason: string; attemptsMade: number }[] };
    const view = await getJson<View>(sys, '/api/admin/queue');
    expect(view.counts.failed).toBeGreaterThanOrEqual(1);
    expect(view).toHaveProperty('oldestWaitingMs');
    const listed = view.failed.find((f) => f.id === chunkJobId(job));
    expect(listed).toMatchObject({ uploadId: upload.id });
    expect(listed!.failedReason).toContain('staged rows of chunk 0 are missing');
    // The worker failed the upload too, so the retried job finds nothing to do and completes.
    await waitFor('upload failed', async () => (await getPrisma().upload.findUniqueOrThrow({ where: { id: upload.id } })).status === 'failed');

    const retry = await fetch(`${sys.baseUrl}/api/admin/queue/retry-failed`, { method: 'POST', headers: { authorization: `Bearer ${sys.token}` } });
    expect(retry.status).toBe(200);
    expect(((await retry.json()) as { retried: number }).retried).toBeGreaterThanOrEqual(1);
    await waitFor('the retried job completed', async () => (await queue.getJobState(chunkJobId(job))) === 'completed', 30_000);
    expect((await getJson<View>(sys, '/api/admin/queue')).failed.map((f) => f.id)).not.toContain(chunkJobId(job));
    const audit = await getPrisma().auditEntry.findFirst({ where: { action: 'queue.retry_failed' }, orderBy: { id: 'desc' } });
    expect(audit?.actorEmail).toBe(ADMIN.email);
  });
});

describe('start-up and shutdown', () => {
  it('a web node and a worker refuse to start against an unmigrated database, saying what to run', async () => {
    const base = new URL(process.env.DATABASE_URL!);
    const name = `${base.pathname.slice(1)}_unmigrated`;
    const admin = new pg.Client({ connectionString: base.href });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
    await admin.query(`CREATE DATABASE "${name}"`);
    const empty = new URL(base.href);
    empty.pathname = `/${name}`;
    try {
      const port = await freePort();
      const web = startProcess('server.ts', { ...sys.env, PORT: String(port), DATABASE_URL: empty.href, TALLY_PROCESS: 'web' });
      const worker = startProcess('workers/ingest.ts', { ...sys.env, DATABASE_URL: empty.href, TALLY_PROCESS: 'worker' });
      // SIGCONT leaves a running process alone: this only waits for each to exit by itself.
      const [webCode, workerCode] = await Promise.all([web.stop('SIGCONT'), worker.stop('SIGCONT')]);
      expect(webCode).toBe(1);
      expect(workerCode).toBe(1);
      expect(web.output()).toMatch(/tally web: database is not migrated \(pending: 20261123000000_init.*\): run npm run migrate/);
      expect(worker.output()).toMatch(/tally worker: database is not migrated/);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
      await admin.end();
    }
  }, 60_000);

  it('SIGTERM: a web node finishes reading the file it accepted before it exits, and exits 0', async () => {
    const port = await freePort();
    const second = startProcess('server.ts', { ...sys.env, PORT: String(port), TALLY_PROCESS: 'web' });
    const url = `http://127.0.0.1:${port}`;
    await waitForHealth(url, second);
    const lines = ['region,candidato,esvalido'];
    for (let i = 0; i < 5000; i++) lines.push(`Drain ${i % 5},Candidate ${i % 2},1`);
    const res = await uploadFiles({ baseUrl: url, token: sys.token }, [{ name: 'drain.csv', body: lines.join('\n') + '\n' }]);
    expect(res.status).toBe(202);
    const id = ((await res.json()) as { uploads: { id: string }[] }).uploads[0].id;
    // At once: the file (100 chunks) is still being read and staged.
    const stillReading = (await getPrisma().upload.findUniqueOrThrow({ where: { id } })).chunksTotal === null;
    expect(await second.stop('SIGTERM')).toBe(0);
    const read = await getPrisma().upload.findUniqueOrThrow({ where: { id } });
    expect(read.chunksTotal).toBe(100);
    expect(read.status).not.toBe('failed');
    await waitFor('the upload counted', async () => (await getPrisma().upload.findUniqueOrThrow({ where: { id } })).status === 'done', 90_000);
    expect((await getPrisma().upload.findUniqueOrThrow({ where: { id } })).rowsAccepted).toBe(5000);
    // Say so if the file was already read before the signal: then this test proved less than it claims.
    if (!stillReading) console.warn('drain test: the file was read before SIGTERM arrived');
  }, 150_000);

  it('SIGTERM: a worker finishes the jobs in hand, takes no more, leaves none locked, and exits 0', async () => {
    const lines = ['region,candidato,esvalido'];
    for (let i = 0; i < 5000; i++) lines.push(`Calm ${i % 5},Candidate ${i % 2},1`);
    const res = await uploadFiles(sys, [{ name: 'calm.csv', body: lines.join('\n') + '\n' }]);
    const id = ((await res.json()) as { uploads: { id: string }[] }).uploads[0].id;
    const queue = getIngestQueue();
    const inHand = await waitFor('a job in hand', async () => {
      const active = await queue.getJobs(['active']);
      return active.length > 0 ? active.map((j) => String(j.id)) : undefined;
    }, 30_000);
    expect(await sys.workers[0].stop('SIGTERM')).toBe(0);
    expect((await queue.getJobCounts('active')).active).toBe(0);
    for (const jobId of inHand) expect(await queue.getJobState(jobId)).toBe('completed');
    const left = (await queue.getJobCounts('waiting')).waiting;
    sys.workers[0] = sys.startWorker();
    await waitFor('the upload counted by the next worker', async () => (await getPrisma().upload.findUniqueOrThrow({ where: { id } })).status === 'done', 90_000);
    expect((await getPrisma().upload.findUniqueOrThrow({ where: { id } })).rowsAccepted).toBe(5000);
    if (left === 0) console.warn('worker drain test: nothing was left waiting when the worker stopped');
  }, 150_000);
});
