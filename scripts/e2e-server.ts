// Started by Playwright (playwright.config.ts webServer): a fresh test database and Redis prefix, then the whole
// system exactly as `npm start` runs it, on E2E_PORT.
import { resetState } from '../tests/support/resetState';
import { runSystem } from './runSystem';

process.env.DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
process.env.REDIS_URL = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
process.env.QUEUE_PREFIX = 'tallye2e';
process.env.PORT = process.env.E2E_PORT ?? '3100';
process.env.HOST = '127.0.0.1';
process.env.ADMIN_EMAIL = 'admin@e2e.test';
process.env.ADMIN_PASSWORD = 'e2e-password-123';
Object.assign(process.env, { NODE_ENV: 'production' });
process.env.LOG_LEVEL ??= 'warn';
process.env.CHUNK_ROWS ??= '10';

await resetState(process.env.DATABASE_URL, process.env.REDIS_URL, process.env.QUEUE_PREFIX);
await runSystem();
