import { afterEach, describe, expect, it, vi } from 'vitest';

describe('getEnv', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('fills defaults that point at local services', async () => {
    vi.stubEnv('DATABASE_URL', '');
    vi.stubEnv('PORT', '');
    const { getEnv } = await import('../../lib/env');
    const env = getEnv();
    expect(env.DATABASE_URL).toMatch(/^postgresql:\/\/.*127\.0\.0\.1:5432/);
    expect(env.PORT).toBe(3000);
  });

  it('names every bad variable in one error', async () => {
    vi.stubEnv('PORT', 'eighty');
    vi.stubEnv('ADMIN_PASSWORD', 'short');
    const { getEnv } = await import('../../lib/env');
    expect(() => getEnv()).toThrow(/PORT[\s\S]*ADMIN_PASSWORD|ADMIN_PASSWORD[\s\S]*PORT/);
  });

  it('refuses a short METRICS_TOKEN and bounds the ops timeouts', async () => {
    vi.stubEnv('METRICS_TOKEN', 'too-short');
    vi.stubEnv('READY_TIMEOUT_MS', '5');
    const { getEnv } = await import('../../lib/env');
    expect(() => getEnv()).toThrow(/METRICS_TOKEN: METRICS_TOKEN must be at least 24 characters[\s\S]*READY_TIMEOUT_MS/);
  });

  it('defaults the ops settings: no metrics token, 2 s readiness checks, 10 s shutdown drain', async () => {
    vi.stubEnv('METRICS_TOKEN', '');
    const { getEnv } = await import('../../lib/env');
    const env = getEnv();
    expect(env.METRICS_TOKEN).toBeUndefined();
    expect(env).toMatchObject({ READY_TIMEOUT_MS: 2000, SHUTDOWN_TIMEOUT_MS: 10_000 });
  });
});
