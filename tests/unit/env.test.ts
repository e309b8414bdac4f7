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
});
