import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ensureAdmin } from '../lib/auth/ensureAdmin';
import { checkServices } from '../lib/checkServices';
import { disconnectPrisma } from '../lib/db';
import { getEnv } from '../lib/env';
import { migrate } from '../lib/migrate';
import { startupOrExit } from '../lib/startup';

/**
 * Everything `npm start` does: validate env, check services, apply migrations, build if needed, create the first
 * admin, then run one web node and one worker until SIGTERM/SIGINT (which stops both) or until either dies.
 */
export async function runSystem(): Promise<void> {
  const env = await startupOrExit('tally', async () => {
    const e = getEnv();
    await checkServices(e);
    return e;
  });
  const applied = await migrate(env.DATABASE_URL);
  if (applied.length) console.log(`tally: applied migrations ${applied.join(', ')}`);
  const admin = await ensureAdmin(env.ADMIN_EMAIL, env.ADMIN_PASSWORD);
  if (admin.created) {
    console.log(`tally: created admin ${env.ADMIN_EMAIL}` + (admin.password ? ` with password ${admin.password} (shown once)` : ''));
  }
  await disconnectPrisma();

  const production = env.NODE_ENV === 'production' || !process.env.NODE_ENV;
  if (production && !existsSync('.next/BUILD_ID')) {
    console.log('tally: no production build yet, running next build (once)');
    await run('npx', ['next', 'build', '--webpack'], { ...process.env, NODE_ENV: 'production' });
  }
  const childEnv = { ...process.env, NODE_ENV: production ? 'production' : env.NODE_ENV };
  const children: ChildProcess[] = [
    spawn(process.execPath, ['--import', 'tsx', 'server.ts'], { stdio: 'inherit', env: { ...childEnv, TALLY_PROCESS: 'web' } }),
    spawn(process.execPath, ['--import', 'tsx', 'workers/ingest.ts'], { stdio: 'inherit', env: { ...childEnv, TALLY_PROCESS: 'worker' } }),
  ];
  console.log(`tally: starting on http://localhost:${env.PORT} (admin: ${env.ADMIN_EMAIL})`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    for (const c of children) if (c.exitCode === null) c.kill(signal);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  const codes = await Promise.all(
    children.map(
      (c) =>
        new Promise<number>((resolve) =>
          c.on('exit', (code) => {
            // One process dying takes the other down: a half-running system is worse than a stopped one.
            stop('SIGTERM');
            resolve(code ?? 1);
          }),
        ),
    ),
  );
  process.exit(stopping && codes.every((c) => c === 0) ? 0 : Math.max(...codes, 1));
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: 'inherit', env });
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}`))));
  });
}


