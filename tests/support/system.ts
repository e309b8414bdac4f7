import { createApiToken } from '../../lib/auth/apiToken';
import { ensureAdmin } from '../../lib/auth/ensureAdmin';
import { getPrisma } from '../../lib/db';
import { freePort, startProcess, waitForHealth, type Running } from './processes';
import { resetState } from './resetState';

export interface TestSystem {
  baseUrl: string;
  token: string;
  web: Running;
  workers: Running[];
  /** Web nodes started with startWebNode() (scale-out tests); `web` is not among them. */
  moreWebNodes: WebNode[];
  env: NodeJS.ProcessEnv;
  startWorker: () => Running;
  /** Another web node on its own port, against the same Postgres, Redis and prefix; resolves once it is healthy. */
  startWebNode: () => Promise<WebNode>;
  stop: () => Promise<void>;
}

export interface WebNode {
  baseUrl: string;
  run: Running;
}

export const ADMIN = { email: 'admin@test.local', password: 'test-password-123' };

/**
 * A fresh database and Redis prefix, then real processes: one web node (production build, so `next build` must
 * have run) and `workers` ingest workers. Returns an API token for the admin.
 */
export async function startTestSystem(opts: { workers?: number; env?: Record<string, string> } = {}): Promise<TestSystem> {
  await resetState(process.env.DATABASE_URL!, process.env.REDIS_URL!, process.env.QUEUE_PREFIX!);
  const admin = await ensureAdmin(ADMIN.email, ADMIN.password);
  expectCreated(admin.created);
  const user = await getPrisma().user.findUniqueOrThrow({ where: { email: ADMIN.email } });
  const { token } = await createApiToken(user.id, 'integration');

  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    DATABASE_URL: process.env.DATABASE_URL,
    REDIS_URL: process.env.REDIS_URL,
    QUEUE_PREFIX: process.env.QUEUE_PREFIX,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: process.env.TEST_VERBOSE ? 'info' : 'warn',
    CHUNK_ROWS: '50',
    ...opts.env,
  };
  const web = startProcess('server.ts', { ...env, TALLY_PROCESS: 'web' });
  const startWorker = () => startProcess('workers/ingest.ts', { ...env, TALLY_PROCESS: 'worker' });
  const workers = Array.from({ length: opts.workers ?? 1 }, startWorker);
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHealth(baseUrl, web);
  const sys: TestSystem = {
    baseUrl,
    token,
    web,
    workers,
    moreWebNodes: [],
    env,
    startWorker,
    startWebNode: async () => {
      const nodePort = await freePort();
      const node = { baseUrl: `http://127.0.0.1:${nodePort}`, run: startProcess('server.ts', { ...env, PORT: String(nodePort), TALLY_PROCESS: 'web' }) };
      sys.moreWebNodes.push(node);
      await waitForHealth(node.baseUrl, node.run);
      return node;
    },
    // Whatever web nodes and workers the test holds by then (a test may replace a killed one).
    stop: async () => {
      await Promise.all([sys.web.stop(), ...sys.moreWebNodes.map((n) => n.run.stop()), ...sys.workers.map((w) => w.stop())]);
    },
  };
  return sys;
}

function expectCreated(created: boolean) {
  if (!created) throw new Error('test admin already existed after a reset');
}

/** POSTs files to /api/uploads as multipart with the bearer token. */
export async function uploadFiles(
  sys: Pick<TestSystem, 'baseUrl' | 'token'>,
  files: { name: string; body: string | Uint8Array; type?: string }[],
  query = '',
): Promise<Response> {
  const form = new FormData();
  for (const f of files) form.append('file', new Blob([f.body as BlobPart], { type: f.type ?? 'application/octet-stream' }), f.name);
  return fetch(`${sys.baseUrl}/api/uploads${query}`, { method: 'POST', body: form, headers: { authorization: `Bearer ${sys.token}` } });
}

export async function getJson<T>(sys: Pick<TestSystem, 'baseUrl' | 'token'>, path: string): Promise<T> {
  const r = await fetch(`${sys.baseUrl}${path}`, { headers: { authorization: `Bearer ${sys.token}` } });
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}
