// The real stack for one bench run: one web node and M ingest workers as child processes, plus an admin's token.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import os from 'node:os';
import path from 'node:path';
import { createApiToken } from '../../lib/auth/apiToken';
import { ensureAdmin } from '../../lib/auth/ensureAdmin';
import { getPrisma } from '../../lib/db';
import { INGEST_QUEUE } from '../../lib/queue';
import { freePort } from '../../tests/support/processes';
import { BENCH_DIST_DIR } from './benchBuild';

export interface StackProcess {
  role: string;
  proc: ChildProcess;
  /** Peak resident set size so far, MB (VmHWM of the node process itself). */
  peakRssMb: () => number | null;
  /** Resident set size now, MB (VmRSS). */
  rssMb: () => number | null;
  output: () => string;
  stop: () => Promise<number | null>;
}

export interface Stack {
  baseUrl: string;
  token: string;
  web: StackProcess;
  workers: StackProcess[];
  stop: () => Promise<void>;
}

export interface StackConfig {
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  workers: number;
  /** Overrides for the processes' environment (CHUNK_ROWS, WORKER_CONCURRENCY, …). */
  env: Record<string, string>;
  /** Per-process CPU profiles under this directory (web/, worker-1/, …). */
  profileDir: string | null;
}

const ADMIN_EMAIL = 'bench@bench.local';

/** Starts web + workers against a freshly reset database (the caller resets it) and waits until the web answers. */
export async function startStack(cfg: StackConfig): Promise<Stack> {
  const { token } = await createBenchToken();
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    DATABASE_URL: cfg.databaseUrl,
    REDIS_URL: cfg.redisUrl,
    QUEUE_PREFIX: cfg.prefix,
    PORT: String(port),
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
    NEXT_DIST_DIR: BENCH_DIST_DIR,
    LOG_LEVEL: 'warn',
    // The single-csv corpus is ~100 MB at scale 1; the default 200 MB limit is not what is being measured.
    MAX_UPLOAD_BYTES: String(4 * 1024 ** 3),
    UPLOAD_DIR: path.join(os.tmpdir(), `${cfg.prefix}-uploads`),
    ...cfg.env,
  };
  const web = startNode('web', 'server.ts', env, cfg.profileDir);
  const workers = Array.from({ length: cfg.workers }, (_, i) => startNode(`worker-${i + 1}`, 'workers/ingest.ts', env, cfg.profileDir));
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await Promise.all([web.stop(), ...workers.map((w) => w.stop())]);
  };
  try {
    await waitForHealth(baseUrl, [web, ...workers]);
    await waitForWorkers(cfg, [web, ...workers]);
    await warmUp(baseUrl, token);
  } catch (err) {
    await stop();
    throw err;
  }
  return { baseUrl, token, web, workers, stop };
}

async function createBenchToken(): Promise<{ token: string }> {
  await ensureAdmin(ADMIN_EMAIL, 'bench-password-123');
  const user = await getPrisma().user.findUniqueOrThrow({ where: { email: ADMIN_EMAIL } });
  return createApiToken(user.id, 'bench');
}

function startNode(role: string, entry: string, env: NodeJS.ProcessEnv, profileDir: string | null): StackProcess {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, TALLY_PROCESS: role.startsWith('web') ? 'web' : 'worker' };
  delete childEnv.NODE_OPTIONS;
  const flags: string[] = [];
  if (profileDir) {
    // Node 20 refuses --cpu-prof in NODE_OPTIONS; as a flag it profiles this process (written when it exits).
    const dir = path.join(profileDir, role);
    mkdirSync(dir, { recursive: true });
    flags.push('--cpu-prof', `--cpu-prof-dir=${dir}`);
  }
  // `node --import tsx` is one process (tsx's loader runs as a thread inside it), so proc.pid is the node that works.
  const proc = spawn(process.execPath, [...flags, '--import', 'tsx', entry], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-20_000);
  };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  let lastPeak: number | null = null;
  return {
    role,
    proc,
    peakRssMb: () => {
      lastPeak = readPeakRssMb(proc.pid!, entry) ?? lastPeak;
      return lastPeak;
    },
    rssMb: () => readPeakRssMb(proc.pid!, entry, 'VmRSS'),
    output: () => out,
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      return exited;
    },
  };
}

/** VmHWM (or another Vm* line) of a live process, in MB; null once it is gone. Checks the pid really is the node
 * running `entry`. */
export function readPeakRssMb(pid: number, entry: string, field = 'VmHWM'): number | null {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (!cmdline.includes(entry) || !cmdline[0].endsWith('node')) throw new Error(`pid ${pid} is not node ${entry}: ${cmdline.join(' ')}`);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return kb ? Number(kb[1]) / 1024 : null;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

async function waitForHealth(baseUrl: string, procs: StackProcess[], timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const dead = procs.find((p) => p.proc.exitCode !== null);
    if (dead) throw new Error(`${dead.role} exited early:\n${dead.output()}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`web node did not become healthy:\n${procs[0].output()}`);
}

/** Every worker has registered with the queue, so the clock does not start while workers are still booting. */
async function waitForWorkers(cfg: StackConfig, procs: StackProcess[], timeoutMs = 60_000): Promise<void> {
  const connection = new Redis(cfg.redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(INGEST_QUEUE, { connection, prefix: cfg.prefix });
  try {
    const until = Date.now() + timeoutMs;
    while ((await queue.getWorkersCount()) < cfg.workers) {
      const dead = procs.find((p) => p.proc.exitCode !== null);
      if (dead) throw new Error(`${dead.role} exited early:\n${dead.output()}`);
      if (Date.now() > until) throw new Error(`workers did not register:\n${procs.slice(1).map((p) => p.output()).join('\n')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

/** Next loads a route's bundle on its first request: do that before the clock starts (we time ingest, not a cold
 * start). GET /api/uploads lives in the same module as POST. */
async function warmUp(baseUrl: string, token: string): Promise<void> {
  for (const p of ['/api/uploads?limit=1', '/api/results', '/api/uploads/00000000-0000-0000-0000-000000000000']) {
    const r = await fetch(`${baseUrl}${p}`, { headers: { authorization: `Bearer ${token}` } });
    await r.arrayBuffer();
  }
}
