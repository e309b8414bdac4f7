// The bench's own database and Redis prefix: created when missing, emptied before every run.
import pg from 'pg';
import { resetState } from '../../tests/support/resetState';

export const BENCH_DATABASE = 'bench';
export const BENCH_PREFIX = 'tallybench';

/** Databases this bench must never reset, whatever the environment says. */
const FOREIGN = new Set(['test', 'test_kill', 'root', 'postgres']);

export function benchDatabaseUrl(serverUrl: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${BENCH_DATABASE}`;
  return u.toString();
}

export async function ensureBenchDatabase(databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

/** Drops and re-migrates the bench schema and deletes every Redis key under the bench prefix. */
export async function resetBenchState(databaseUrl: string, redisUrl: string, prefix: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  if (FOREIGN.has(name)) throw new Error(`refusing to reset database "${name}": the bench uses its own`);
  await resetState(databaseUrl, redisUrl, prefix);
}
