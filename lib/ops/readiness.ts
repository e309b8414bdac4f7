import { getPool } from '../db';
import { getEnv } from '../env';
import { readMigrations } from '../migrate';
import { getIngestQueue } from '../queue';
import { getRedis } from '../redis';
import { withTimeout } from './withTimeout';

export type CheckName = 'postgres' | 'redis' | 'queue' | 'migrations';

export interface CheckResult {
  ok: boolean;
  ms: number;
  /** Why it failed, one line. */
  error?: string;
}

export interface Readiness {
  ready: boolean;
  checks: Record<CheckName, CheckResult>;
}

/** Migration names in prisma/migrations: read once per process (they ship with the build, they do not change). */
let expected: Promise<string[]> | undefined;

/**
 * GET /api/ready: can this node serve right now? Postgres answers, Redis answers, the BullMQ queue can be read, and
 * every migration in the build is applied. The four run at once, each with READY_TIMEOUT_MS, so a dead Postgres
 * (packets dropped, no refusal) makes the answer slow by at most that, never hangs it.
 * Uses the process's own pool and connections: readiness is about what the requests would use.
 */
export async function checkReadiness(): Promise<Readiness> {
  const ms = getEnv().READY_TIMEOUT_MS;
  const [postgres, redis, queue, migrations] = await Promise.all([
    timed('postgres', ms, async () => {
      await getPool().query('SELECT 1');
    }),
    timed('redis', ms, async () => {
      const r = getRedis();
      // Commands wait through a reconnect (maxRetriesPerRequest: null); say at once that the link is down instead.
      // (A connection still being opened, the first time, is given the timeout.)
      if (r.status === 'reconnecting' || r.status === 'close' || r.status === 'end') throw new Error(`connection is ${r.status}`);
      await r.ping();
    }),
    timed('queue', ms, async () => {
      await getIngestQueue().getJobCounts('waiting');
    }),
    timed('migrations', ms, async () => {
      expected ??= readMigrations().then((all) => all.map((m) => m.name));
      const names = await expected;
      const { rows } = await getPool().query<{ migration_name: string }>(
        'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
      );
      const done = new Set(rows.map((r) => r.migration_name));
      const pending = names.filter((n) => !done.has(n));
      if (pending.length) throw new Error(`pending: ${pending.join(', ')}`);
    }),
  ]);
  const checks = { postgres, redis, queue, migrations };
  return { ready: Object.values(checks).every((c) => c.ok), checks };
}

async function timed(what: CheckName, ms: number, check: () => Promise<void>): Promise<CheckResult> {
  const start = performance.now();
  try {
    await withTimeout(check(), ms, what);
    return { ok: true, ms: Math.round(performance.now() - start) };
  } catch (err) {
    return { ok: false, ms: Math.round(performance.now() - start), error: (err as Error).message.split('\n')[0] };
  }
}
