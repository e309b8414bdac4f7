import { Redis } from 'ioredis';
import { getEnv } from './env';

/**
 * A new ioredis connection. BullMQ needs `maxRetriesPerRequest: null` on blocking connections; we use it everywhere
 * so commands wait through a Redis restart instead of failing after 20 retries.
 */
export function createRedis(name: string): Redis {
  return new Redis(getEnv().REDIS_URL, {
    connectionName: name,
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
  });
}

// Shared command connection for request handlers (not for subscribers or BullMQ workers, which need their own).
const KEY = Symbol.for('tally.redis');
type Holder = { [KEY]?: Redis };

export function getRedis(): Redis {
  const g = globalThis as Holder;
  g[KEY] ??= createRedis('tally-cmd');
  return g[KEY]!;
}

export async function closeRedis(): Promise<void> {
  const g = globalThis as Holder;
  const r = g[KEY];
  g[KEY] = undefined;
  if (r) await r.quit().catch(() => r.disconnect());
}
