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
