import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';
import { getEnv } from './env';

// One client per process. Next bundles its own copy of lib/ beside server.ts's, so the instance lives on globalThis
// and both module graphs share one pg pool.
const KEY = Symbol.for('tally.prisma');
type Holder = { [KEY]?: PrismaClient };

export function getPrisma(): PrismaClient {
  const g = globalThis as Holder;
  if (!g[KEY]) {
    const env = getEnv();
    const adapter = new PrismaPg({
      connectionString: env.DATABASE_URL,
      max: env.DB_POOL_MAX,
      // pg waits forever for a connection by default; fail loudly instead.
      connectionTimeoutMillis: 10_000,
    });
    g[KEY] = new PrismaClient({ adapter });
  }
  return g[KEY]!;
}

export async function disconnectPrisma(): Promise<void> {
  const g = globalThis as Holder;
  const client = g[KEY];
  g[KEY] = undefined;
  await client?.$disconnect();
}
