import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/prisma/client';
import { getEnv } from './env';
import { log } from './log';

// One pg pool per process, shared by Prisma (through its driver adapter) and by the counting transactions, which
// speak SQL to the pool directly (lib/sql.ts): Prisma's handling of large array parameters cost more CPU than
// Postgres spent executing them. Next bundles its own copy of lib/ beside server.ts's, so both live on globalThis.
const KEY = Symbol.for('tally.db');
type Holder = { [KEY]?: { pool: pg.Pool; prisma: PrismaClient } };

function held() {
  const g = globalThis as Holder;
  if (!g[KEY]) {
    const env = getEnv();
    const pool = new pg.Pool({
      connectionString: env.DATABASE_URL,
      max: env.DB_POOL_MAX,
      // pg waits forever for a connection by default; fail loudly instead.
      connectionTimeoutMillis: 10_000,
    });
    // An idle client losing its connection (a database restart) must not crash the process; the pool replaces it.
    pool.on('error', (err) => log.warn({ err: err.message }, 'idle database connection lost'));
    g[KEY] = { pool, prisma: new PrismaClient({ adapter: new PrismaPg(pool) }) };
  }
  return g[KEY]!;
}

export function getPrisma(): PrismaClient {
  return held().prisma;
}

export function getPool(): pg.Pool {
  return held().pool;
}

export async function disconnectPrisma(): Promise<void> {
  const g = globalThis as Holder;
  const h = g[KEY];
  g[KEY] = undefined;
  if (!h) return;
  await h.prisma.$disconnect();
  await h.pool.end().catch(() => {});
}
