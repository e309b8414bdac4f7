import pino from 'pino';

// Structured JSON logs on stdout; LOG_LEVEL from the environment (validated in env.ts for the processes that start).
export const log = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { pid: process.pid, proc: process.env.TALLY_PROCESS ?? 'app' },
});
