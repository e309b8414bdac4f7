// PUBLIC_RESULTS=false: the dashboard, the results API and the live socket are for signed-in users only.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { disconnectPrisma } from '../../lib/db';
import { ADMIN, startTestSystem, type TestSystem } from '../support/system';

let sys: TestSystem;

beforeAll(async () => {
  sys = await startTestSystem({ workers: 0, env: { PUBLIC_RESULTS: 'false' } });
}, 120_000);

afterAll(async () => {
  await sys?.stop();
  await disconnectPrisma();
});

function socketConnects(cookie?: string): Promise<'connected' | string> {
  return new Promise((resolve) => {
    const s = connect(sys.baseUrl, { transports: ['websocket'], extraHeaders: cookie ? { cookie } : {}, forceNew: true, reconnection: false });
    s.on('connect', () => (s.close(), resolve('connected')));
    s.on('connect_error', (err) => (s.close(), resolve(err.message)));
  });
}

it('refuses anonymous visitors everywhere and lets a signed-in user in', async () => {
  expect((await fetch(`${sys.baseUrl}/api/results`)).status).toBe(401);
  const page = await fetch(`${sys.baseUrl}/`, { redirect: 'manual' });
  expect(page.status).toBeGreaterThanOrEqual(300);
  expect(page.status).toBeLessThan(400);
  expect(page.headers.get('location')).toContain('/login');
  expect(await socketConnects()).toBe('unauthenticated');

  const login = await fetch(`${sys.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: sys.baseUrl },
    body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  expect((await fetch(`${sys.baseUrl}/api/results`, { headers: { cookie } })).status).toBe(200);
  expect((await fetch(`${sys.baseUrl}/`, { headers: { cookie }, redirect: 'manual' })).status).toBe(200);
  expect(await socketConnects(cookie)).toBe('connected');
  expect((await fetch(`${sys.baseUrl}/api/results`, { headers: { authorization: `Bearer ${sys.token}` } })).status).toBe(200);
});

it('every results-like read needs a signed-in user (the same rule as /api/results), and past versions are cached privately', async () => {
  const paths = [
    '/api/results',
    '/api/results?level=province&region=Lima',
    '/api/results/report',
    '/api/results?version=0',
    '/api/results/timeline',
    '/api/ledger',
    '/api/ledger/decreases',
    '/api/uploads/feed',
    '/api/expected-voters',
    '/api/map-shape',
  ];
  for (const path of paths) {
    const anonymous = await fetch(`${sys.baseUrl}${path}`);
    expect([path, anonymous.status]).toEqual([path, 401]);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
    const res = await fetch(`${sys.baseUrl}${path}`, { headers: { authorization: `Bearer ${sys.token}` } });
    expect([path, res.status]).toEqual([path, 200]);
  }
  const past = await fetch(`${sys.baseUrl}/api/results?version=0`, { headers: { authorization: `Bearer ${sys.token}` } });
  expect(past.headers.get('cache-control')).toMatch(/^private/);
});

it('sends security headers: a nonce CSP without unsafe-inline scripts, no framing, nosniff', async () => {
  const res = await fetch(`${sys.baseUrl}/login`);
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  const html = await res.text();
  const nonce = /'nonce-([^']+)'/.exec(csp)![1];
  // Next put the nonce on its own scripts (otherwise the browser would block hydration).
  expect(html).toContain(`nonce="${nonce}"`);
});
