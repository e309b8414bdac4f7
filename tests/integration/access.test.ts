// Who may do what: every mutating route (and the admin reads) tried as anonymous, viewer, uploader and admin, by
// session cookie and by API token; cross-site cookie requests; the socket; token revocation, disabled accounts,
// forced password change, the sign-in rate limit across two web nodes, and the append-only audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { createApiToken } from '../../lib/auth/apiToken';
import { hashPassword } from '../../lib/auth/password';
import { disconnectPrisma, getPrisma } from '../../lib/db';
import type { ClientToServerEvents, ServerToClientEvents, UploadProgress } from '../../lib/events';
import { ADMIN, startTestSystem, type TestSystem } from '../support/system';
import { freePort, startProcess, waitForHealth, waitFor } from '../support/processes';

type Who = 'anonymous' | 'viewer' | 'uploader' | 'admin';
const PASSWORD = 'a-long-test-password';

let sys: TestSystem;
const cookies: Partial<Record<Who, string>> = {};
const tokens: Partial<Record<Who, string>> = {};
const ids: Record<string, string> = {};

async function signIn(email: string, password: string, baseUrl = sys.baseUrl): Promise<Response> {
  return fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ email, password }),
  });
}

function cookieOf(res: Response): string {
  const set = res.headers.get('set-cookie') ?? '';
  return set.split(';')[0];
}

async function makeUser(email: string, role: string): Promise<string> {
  const u = await getPrisma().user.create({ data: { email, role, passwordHash: await hashPassword(PASSWORD) } });
  return u.id;
}

interface Call {
  method: string;
  path: string | (() => string);
  body?: unknown;
  form?: boolean;
}

async function call(who: Who, c: Call, via: 'cookie' | 'token' = 'cookie', origin = sys.baseUrl): Promise<Response> {
  const headers: Record<string, string> = { origin };
  if (who !== 'anonymous') {
    if (via === 'cookie') headers.cookie = cookies[who]!;
    else headers.authorization = `Bearer ${tokens[who]}`;
  }
  let body: BodyInit | undefined;
  if (c.form) {
    const fd = new FormData();
    fd.append('file', new Blob([`region,candidato,esvalido\nLima,A-${Math.random()},1\n`]), 'one.csv');
    body = fd;
  } else if (c.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(c.body);
  }
  const path = typeof c.path === 'function' ? c.path() : c.path;
  return fetch(`${sys.baseUrl}${path}`, { method: c.method, headers, body });
}

/** The statuses a route must give anonymous, viewer, uploader, admin when it needs `role` and succeeds with `ok`. */
function expected(role: 'viewer' | 'uploader' | 'admin', ok: number): Record<Who, number> {
  const rank = { viewer: 1, uploader: 2, admin: 3 }[role];
  return { anonymous: 401, viewer: rank <= 1 ? ok : 403, uploader: rank <= 2 ? ok : 403, admin: ok };
}

beforeAll(async () => {
  sys = await startTestSystem({ workers: 1, env: { LOGIN_MAX_ATTEMPTS: '3', LOGIN_WINDOW_SECONDS: '120' } });
  ids.viewer = await makeUser('viewer@test.local', 'viewer');
  ids.uploader = await makeUser('uploader@test.local', 'uploader');
  for (const who of ['viewer', 'uploader'] as const) {
    cookies[who] = cookieOf(await signIn(`${who}@test.local`, PASSWORD));
    tokens[who] = (await createApiToken(ids[who], `${who} script`)).token;
  }
  cookies.admin = cookieOf(await signIn(ADMIN.email, ADMIN.password));
  tokens.admin = sys.token;
}, 120_000);

afterAll(async () => {
  await sys?.stop();
  await disconnectPrisma();
});

describe('authorization matrix', () => {
  // Targets the admin's successful calls act on, made fresh for each so no call depends on another's success.
  const fresh = async (kind: 'user' | 'token' | 'upload'): Promise<string> => {
    if (kind === 'user') return makeUser(`throwaway-${Math.random().toString(36).slice(2)}@test.local`, 'viewer');
    if (kind === 'token') return (await createApiToken(ids.uploader, 'throwaway')).id;
    const res = await call('admin', { method: 'POST', path: '/api/uploads', form: true });
    return ((await res.json()) as { uploads: { id: string }[] }).uploads[0].id;
  };

  const routes: { name: string; role: 'viewer' | 'uploader' | 'admin'; ok: number; make: () => Promise<Call> }[] = [
    { name: 'POST /api/uploads', role: 'uploader', ok: 202, make: async () => ({ method: 'POST', path: '/api/uploads', form: true }) },
    { name: 'POST /api/uploads/preview', role: 'uploader', ok: 200, make: async () => ({ method: 'POST', path: '/api/uploads/preview', form: true }) },
    { name: 'GET /api/uploads', role: 'uploader', ok: 200, make: async () => ({ method: 'GET', path: '/api/uploads' }) },
    { name: 'POST /api/uploads/:id/retract', role: 'admin', ok: 200, make: async () => ({ method: 'POST', path: `/api/uploads/${await fresh('upload')}/retract` }) },
    { name: 'POST /api/admin/reset', role: 'admin', ok: 200, make: async () => ({ method: 'POST', path: '/api/admin/reset', body: { confirm: 'RESET' } }) },
    { name: 'GET /api/admin/users', role: 'admin', ok: 200, make: async () => ({ method: 'GET', path: '/api/admin/users' }) },
    {
      name: 'POST /api/admin/users',
      role: 'admin',
      ok: 201,
      make: async () => ({ method: 'POST', path: '/api/admin/users', body: { email: `new-${Math.random().toString(36).slice(2)}@test.local`, role: 'viewer' } }),
    },
    { name: 'PATCH /api/admin/users/:id', role: 'admin', ok: 200, make: async () => ({ method: 'PATCH', path: `/api/admin/users/${await fresh('user')}`, body: { role: 'uploader' } }) },
    { name: 'DELETE /api/admin/users/:id', role: 'admin', ok: 200, make: async () => ({ method: 'DELETE', path: `/api/admin/users/${await fresh('user')}` }) },
    { name: 'POST /api/admin/users/:id/password', role: 'admin', ok: 200, make: async () => ({ method: 'POST', path: `/api/admin/users/${await fresh('user')}/password` }) },
    { name: 'GET /api/admin/tokens', role: 'admin', ok: 200, make: async () => ({ method: 'GET', path: '/api/admin/tokens' }) },
    { name: 'POST /api/admin/tokens', role: 'admin', ok: 201, make: async () => ({ method: 'POST', path: '/api/admin/tokens', body: { userId: ids.viewer, name: 'feed' } }) },
    { name: 'DELETE /api/admin/tokens/:id', role: 'admin', ok: 200, make: async () => ({ method: 'DELETE', path: `/api/admin/tokens/${await fresh('token')}` }) },
    { name: 'GET /api/admin/audit', role: 'admin', ok: 200, make: async () => ({ method: 'GET', path: '/api/admin/audit' }) },
    { name: 'GET /api/admin/queue', role: 'admin', ok: 200, make: async () => ({ method: 'GET', path: '/api/admin/queue' }) },
    { name: 'POST /api/admin/queue/retry-failed', role: 'admin', ok: 200, make: async () => ({ method: 'POST', path: '/api/admin/queue/retry-failed' }) },
    { name: 'PUT /api/admin/results-status', role: 'admin', ok: 200, make: async () => ({ method: 'PUT', path: '/api/admin/results-status', body: { status: 'unofficial-partial' } }) },
  ];

  for (const route of routes) {
    it(`${route.name}: ${route.role} and above only, by cookie and by token`, async () => {
      const want = expected(route.role, route.ok);
      const got: Record<string, number> = {};
      const wanted: Record<string, number> = {};
      for (const who of ['anonymous', 'viewer', 'uploader', 'admin'] as const) {
        for (const via of who === 'anonymous' ? (['cookie'] as const) : (['cookie', 'token'] as const)) {
          const res = await call(who, await route.make(), via);
          got[`${who}/${via}`] = res.status;
          wanted[`${who}/${via}`] = want[who];
        }
      }
      expect(got).toEqual(wanted);
    }, 60_000);
  }

  it('refuses cross-site cookie requests even from an admin (CSRF), and a reset without the typed word', async () => {
    const evil = 'http://evil.example';
    expect((await call('admin', { method: 'POST', path: '/api/admin/reset', body: { confirm: 'RESET' } }, 'cookie', evil)).status).toBe(403);
    expect((await call('admin', { method: 'POST', path: '/api/admin/users', body: { email: 'x@y.z', role: 'admin' } }, 'cookie', evil)).status).toBe(403);
    expect((await call('uploader', { method: 'POST', path: '/api/uploads', form: true }, 'cookie', evil)).status).toBe(403);
    expect((await call('admin', { method: 'POST', path: '/api/admin/queue/retry-failed' }, 'cookie', evil)).status).toBe(403);
    const wrong = await call('admin', { method: 'POST', path: '/api/admin/reset', body: { confirm: 'reset' } });
    expect(wrong.status).toBe(400);
  });

  it("an uploader sees their own uploads and errors, not other people's", async () => {
    const mine = ((await (await call('uploader', { method: 'POST', path: '/api/uploads', form: true })).json()) as { uploads: { id: string }[] }).uploads[0].id;
    const theirs = ((await (await call('admin', { method: 'POST', path: '/api/uploads', form: true })).json()) as { uploads: { id: string }[] }).uploads[0].id;
    expect((await call('uploader', { method: 'GET', path: `/api/uploads/${mine}` })).status).toBe(200);
    expect((await call('uploader', { method: 'GET', path: `/api/uploads/${theirs}` })).status).toBe(404);
    expect((await call('uploader', { method: 'GET', path: `/api/uploads/${theirs}/errors` })).status).toBe(404);
    expect((await call('admin', { method: 'GET', path: `/api/uploads/${mine}` })).status).toBe(200);
    const listed = (await (await call('uploader', { method: 'GET', path: '/api/uploads' })).json()) as { uploads: { id: string }[] };
    expect(listed.uploads.map((u) => u.id)).toContain(mine);
    expect(listed.uploads.map((u) => u.id)).not.toContain(theirs);
  });

  it('results stay public (PUBLIC_RESULTS defaults to true) and answer 304 to a poller while nothing changed', async () => {
    // Earlier tests' uploads may still be counting: wait for quiet, or the version moves under the 304 check.
    await waitFor('no upload counting', async () => (await getPrisma().upload.count({ where: { status: { in: ['queued', 'processing'] } } })) === 0, 30_000);
    const first = await fetch(`${sys.baseUrl}/api/results`);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    expect(etag).toBe(`"v${first.headers.get('x-tally-version')}"`);
    expect((await fetch(`${sys.baseUrl}/api/results`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    await call('uploader', { method: 'POST', path: '/api/uploads', form: true });
    await waitFor('a new version', async () => (await fetch(`${sys.baseUrl}/api/results`)).headers.get('etag') !== etag, 20_000);
    expect((await fetch(`${sys.baseUrl}/api/results`, { headers: { 'if-none-match': etag } })).status).toBe(200);
  });
});

describe('the socket', () => {
  function socketAs(who: Who): Socket<ServerToClientEvents, ClientToServerEvents> {
    return connect(sys.baseUrl, { transports: ['websocket'], extraHeaders: who === 'anonymous' ? {} : { cookie: cookies[who]! }, forceNew: true });
  }

  it('a viewer socket can emit nothing that changes data, and only uploaders and admins get upload progress', async () => {
    const viewer = socketAs('viewer');
    const uploader = socketAs('uploader');
    const seen = { viewer: 0, uploader: 0 };
    viewer.on('upload:progress', () => seen.viewer++);
    uploader.on('upload:progress', (_p: UploadProgress) => seen.uploader++);
    await Promise.all([viewer, uploader].map((s) => new Promise((r) => s.once('tally:snapshot', r))));
    const before = (await fetch(`${sys.baseUrl}/api/results`)).headers.get('x-tally-version');
    const uploadsBefore = await getPrisma().upload.count();
    const anySocket = viewer as unknown as { emit: (ev: string, ...a: unknown[]) => void };
    for (const ev of ['tally:reset', 'admin:reset', 'upload:retract', 'tally:delta', 'upload']) anySocket.emit(ev, { confirm: 'RESET', id: 'x', cells: [['Lima', 'A', 'valid', 1000]] });
    await new Promise((r) => setTimeout(r, 500));
    expect((await fetch(`${sys.baseUrl}/api/results`)).headers.get('x-tally-version')).toBe(before);
    expect(await getPrisma().upload.count()).toBe(uploadsBefore);

    await call('uploader', { method: 'POST', path: '/api/uploads', form: true });
    await waitFor('progress at the uploader socket', async () => seen.uploader > 0, 20_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen.viewer).toBe(0);
    viewer.close();
    uploader.close();
  }, 60_000);
});

describe('accounts', () => {
  it('a revoked token stops at once; the others keep working', async () => {
    const { id, token } = await createApiToken(ids.uploader, 'to revoke');
    const headers = { authorization: `Bearer ${token}` };
    expect((await fetch(`${sys.baseUrl}/api/uploads`, { headers })).status).toBe(200);
    expect((await call('admin', { method: 'DELETE', path: `/api/admin/tokens/${id}` })).status).toBe(200);
    expect((await fetch(`${sys.baseUrl}/api/uploads`, { headers })).status).toBe(401);
    expect((await call('uploader', { method: 'GET', path: '/api/uploads' }, 'token')).status).toBe(200);
    const row = await getPrisma().apiToken.findUniqueOrThrow({ where: { id } });
    expect(row.revokedAt).not.toBeNull();
    expect(row.tokenHash).not.toContain(token.slice(4));
  });

  it('disabling a user stops their session and tokens at once; enabling does not bring the session back', async () => {
    const userId = await makeUser('disable-me@test.local', 'uploader');
    const cookie = cookieOf(await signIn('disable-me@test.local', PASSWORD));
    const { token } = await createApiToken(userId, 'feed');
    const asSession = () => fetch(`${sys.baseUrl}/api/uploads`, { headers: { cookie } });
    const asToken = () => fetch(`${sys.baseUrl}/api/uploads`, { headers: { authorization: `Bearer ${token}` } });
    expect([(await asSession()).status, (await asToken()).status]).toEqual([200, 200]);
    expect((await call('admin', { method: 'PATCH', path: `/api/admin/users/${userId}`, body: { disabled: true } })).status).toBe(200);
    expect([(await asSession()).status, (await asToken()).status]).toEqual([401, 401]);
    expect((await signIn('disable-me@test.local', PASSWORD)).status).toBe(401);
    expect((await call('admin', { method: 'PATCH', path: `/api/admin/users/${userId}`, body: { disabled: false } })).status).toBe(200);
    expect((await asSession()).status).toBe(401);
    expect((await asToken()).status).toBe(200);
  });

  it('an admin cannot lock themselves out, nor remove the last admin', async () => {
    const admin = await getPrisma().user.findUniqueOrThrow({ where: { email: ADMIN.email } });
    const self = await call('admin', { method: 'PATCH', path: `/api/admin/users/${admin.id}`, body: { role: 'viewer' } });
    expect(self.status).toBe(409);
    expect((await call('admin', { method: 'DELETE', path: `/api/admin/users/${admin.id}` })).status).toBe(409);
  });

  it('after an admin resets a password the user must change it before anything else; other sessions end', async () => {
    const userId = await makeUser('forgetful@test.local', 'uploader');
    const oldCookie = cookieOf(await signIn('forgetful@test.local', PASSWORD));
    const reset = await call('admin', { method: 'POST', path: `/api/admin/users/${userId}/password` });
    const { temporaryPassword } = (await reset.json()) as { temporaryPassword: string };
    expect((await fetch(`${sys.baseUrl}/api/uploads`, { headers: { cookie: oldCookie } })).status).toBe(401);

    const login = await signIn('forgetful@test.local', temporaryPassword);
    expect(((await login.clone().json()) as { user: { mustChangePassword: boolean } }).user.mustChangePassword).toBe(true);
    const cookie = cookieOf(login);
    const blocked = await fetch(`${sys.baseUrl}/api/uploads`, { headers: { cookie } });
    expect(blocked.status).toBe(403);
    const change = (current: string, next: string) =>
      fetch(`${sys.baseUrl}/api/auth/password`, {
        method: 'POST',
        headers: { cookie, origin: sys.baseUrl, 'content-type': 'application/json' },
        body: JSON.stringify({ current, next }),
      });
    expect((await change('wrong-password', 'my-own-new-password')).status).toBe(403);
    expect((await change(temporaryPassword, 'short')).status).toBe(400);
    expect((await change(temporaryPassword, 'my-own-new-password')).status).toBe(200);
    expect((await fetch(`${sys.baseUrl}/api/uploads`, { headers: { cookie } })).status).toBe(200);
    expect((await signIn('forgetful@test.local', 'my-own-new-password')).status).toBe(200);
  });

  it('signing in rotates the session: the cookie held before stops working', async () => {
    const first = cookieOf(await signIn('viewer@test.local', PASSWORD));
    const second = await fetch(`${sys.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: sys.baseUrl, cookie: first },
      body: JSON.stringify({ email: 'viewer@test.local', password: PASSWORD }),
    });
    expect(second.status).toBe(200);
    expect((await fetch(`${sys.baseUrl}/api/auth/me`, { headers: { cookie: first } })).status).toBe(401);
    expect((await fetch(`${sys.baseUrl}/api/auth/me`, { headers: { cookie: cookieOf(second) } })).status).toBe(200);
  });

  it('rate-limits sign-in per account across web nodes (the counter is in Redis)', async () => {
    await makeUser('target@test.local', 'viewer');
    const port = await freePort();
    const second = startProcess('server.ts', { ...sys.env, PORT: String(port), TALLY_PROCESS: 'web' });
    const otherUrl = `http://127.0.0.1:${port}`;
    try {
      await waitForHealth(otherUrl, second);
      // LOGIN_MAX_ATTEMPTS=3: attempts spread over both nodes share one counter.
      const statuses = [];
      for (const url of [sys.baseUrl, otherUrl, sys.baseUrl, otherUrl]) statuses.push((await signIn('target@test.local', 'wrong', url)).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
      // Even the right password is refused while the account is locked out.
      expect((await signIn('target@test.local', PASSWORD, otherUrl)).status).toBe(429);
    } finally {
      await second.stop();
    }
  }, 120_000);

  it('the audit log records resets, retractions and account changes, and refuses to be rewritten', async () => {
    const actions = (await getPrisma().auditEntry.findMany()).map((e) => e.action);
    for (const a of ['counts.reset', 'upload.retract', 'user.create', 'user.update', 'user.delete', 'user.password_reset', 'token.create', 'token.revoke']) {
      expect(actions).toContain(a);
    }
    await expect(getPrisma().$executeRawUnsafe("UPDATE audit_log SET actor_email = 'someone else'")).rejects.toThrow(/append-only/);
    await expect(getPrisma().$executeRawUnsafe('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(getPrisma().$executeRawUnsafe('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
  });
});
