import { checkServices } from './checkServices';
import { getEnv, type Env } from './env';
import { pendingMigrations } from './migrate';

/**
 * Runs a process's start-up checks (env, services, migrations) and turns a failure into one line on stderr and
 * exit code 1: an operator needs to know what to start or fix, not a stack trace.
 */
export async function startupOrExit<T>(name: string, check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (err) {
    process.stderr.write(`${name}: ${(err as Error).message}\n`);
    process.exit(1);
  }
}

/** What a web node or worker checks before serving: env valid, both services answer, no migration pending. */
export async function checkReadyToServe(): Promise<Env> {
  const env = getEnv();
  await checkServices(env);
  const pending = await pendingMigrations(env.DATABASE_URL);
  if (pending.length) throw new Error(`database is not migrated (pending: ${pending.join(', ')}): run npm run migrate`);
  return env;
}
