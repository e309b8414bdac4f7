import pg from 'pg';
import { Redis } from 'ioredis';
import type { Env } from './env';

/**
 * Start-up check: both services answer. Throws an Error whose message is one line saying what to start,
 * instead of a driver stack trace.
 */
export async function checkServices(env: Env): Promise<void> {
  const client = new pg.Client({ connectionString: env.DATABASE_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    throw new ServiceDown(
      `PostgreSQL is not reachable at ${redact(env.DATABASE_URL)} (${(err as Error).message}): start PostgreSQL or set DATABASE_URL`,
    );
  } finally {
    await client.end().catch(() => {});
  }
  const redis = new Redis(env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  let cause: Error | undefined;
  redis.on('error', (err: Error) => (cause ??= err));
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    throw new ServiceDown(
      `Redis is not reachable at ${redact(env.REDIS_URL)} (${(cause ?? (err as Error)).message}): start Redis or set REDIS_URL`,
    );
  } finally {
    redis.disconnect();
  }
}

export class ServiceDown extends Error {}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable url)';
  }
}
