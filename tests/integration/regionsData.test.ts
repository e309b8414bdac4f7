// The admin's regional data: expected voters (csv, replaced whole or not at all) and the map shape (GeoJSON /
// TopoJSON), through the real web process: who may change them, CSRF, validation, ETags and audit (the
// PUBLIC_RESULTS rule on their public reads is in privateResults.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../lib/auth/apiToken';
import { hashPassword } from '../../lib/auth/password';
import { disconnectPrisma, getPrisma } from '../../lib/db';
import { getExpectedVoters } from '../../lib/regions/expectedVotersStore';
import { getMapShape } from '../../lib/regions/mapShapeStore';
import { waitFor } from '../support/processes';
import { ADMIN, getJson, startTestSystem, uploadFiles, type TestSystem } from '../support/system';

const PASSWORD = 'a-long-test-password';
let sys: TestSystem;
const cookies: Record<string, string> = {};
const tokens: Record<string, string> = {};

async function signIn(email: string, password: string): Promise<string> {
  const res = await fetch(`${sys.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: sys.baseUrl },
    body: JSON.stringify({ email, password }),
  });
  expect(res.status).toBe(200);
  return (res.headers.get('set-cookie') ?? '').split(';')[0];
}

type Auth = { token?: string; cookie?: string; origin?: string };

function put(path: string, body: string, auth: Auth, contentType = 'text/csv'): Promise<Response> {
  return fetch(`${sys.baseUrl}${path}`, { method: 'PUT', body, headers: { 'content-type': contentType, ...headers(auth) } });
}

function headers(auth: Auth): Record<string, string> {
  const h: Record<string, string> = { origin: auth.origin ?? sys.baseUrl };
  if (auth.token) h.authorization = `Bearer ${auth.token}`;
  if (auth.cookie) h.cookie = auth.cookie;
  return h;
}

const admin = (): Auth => ({ token: sys.token });

const GOOD_CSV = 'region,registered_voters,expected_votes\nLima,1000,800\nCusco,500,\nPuno,300,250\n';

const square = (x: number) => [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]];
const GEOJSON = JSON.stringify({
  type: 'FeatureCollection',
  features: ['LIMA', 'Cusco', 'Tacna'].map((NOMBDEP, i) => ({ type: 'Feature', properties: { NOMBDEP, area: i }, geometry: { type: 'Polygon', coordinates: square(i * 2) } })),
});

beforeAll(async () => {
  sys = await startTestSystem({ workers: 1 });
  for (const role of ['viewer', 'uploader']) {
    const u = await getPrisma().user.create({ data: { email: `${role}@test.local`, role, passwordHash: await hashPassword(PASSWORD) } });
    cookies[role] = await signIn(`${role}@test.local`, PASSWORD);
    tokens[role] = (await createApiToken(u.id, `${role} script`)).token;
  }
  cookies.admin = await signIn(ADMIN.email, ADMIN.password);
  // Results in Lima, Cusco and Atlantis (no expected row, not on the map).
  const res = await uploadFiles(sys, [{ name: 'votes.csv', body: 'region,candidato,esvalido\nLima,A,1\nLima,B,1\nLima,A,1\nCusco,B,1\nAtlantis,A,1\n' }]);
  const id = ((await res.json()) as { uploads: { id: string }[] }).uploads[0].id;
  await waitFor('the votes counted', async () => (await getJson<{ status: string }>(sys, `/api/uploads/${id}`)).status === 'done');
}, 120_000);

afterAll(async () => {
  await sys?.stop();
  await disconnectPrisma();
});

describe('expected voters', () => {
  it('an admin uploads a csv; anyone reads it back, with an ETag', async () => {
    const res = await put('/api/admin/expected-voters?filename=padron.csv', GOOD_CSV, admin());
    expect(res.status).toBe(200);
    const body = (await res.json()) as { regions: unknown[]; match: { regions: number; expectedWithoutResults: string[]; resultsWithoutExpected: string[] } };
    expect(body.match).toEqual({ regions: 3, expectedWithoutResults: ['Puno'], resultsWithoutExpected: ['Atlantis'] });

    const get = await fetch(`${sys.baseUrl}/api/expected-voters`);
    expect(get.status).toBe(200);
    expect(await get.json()).toEqual({
      regions: [
        { region: 'Cusco', registered: 500, expectedVotes: null },
        { region: 'Lima', registered: 1000, expectedVotes: 800 },
        { region: 'Puno', registered: 300, expectedVotes: 250 },
      ],
    });
    // The server-side helper for the dashboard's first paint gives the same list.
    expect(await getExpectedVoters()).toEqual(((await getJson<{ regions: unknown[] }>(sys, '/api/expected-voters')).regions));
    const etag = get.headers.get('etag')!;
    expect(etag).toMatch(/^"ev-[0-9a-f]{32}"$/);
    expect((await fetch(`${sys.baseUrl}/api/expected-voters`, { headers: { 'if-none-match': etag } })).status).toBe(304);
  });

  it('a bad file is refused whole with every bad row, and the stored list stays as it was', async () => {
    const before = await (await fetch(`${sys.baseUrl}/api/expected-voters`)).text();
    const res = await put('/api/admin/expected-voters', 'region,registered_voters,expected_votes\nLima,2000,\nCusco,abc,\nTacna,10,20\nLima,5,\n', admin());
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string }; errors: { row: number; reason: string }[] };
    expect(body.error.code).toBe('invalid_csv');
    expect(body.errors.map((e) => e.row)).toEqual([3, 4, 5]);
    expect(await (await fetch(`${sys.baseUrl}/api/expected-voters`)).text()).toBe(before);

    expect((await put('/api/admin/expected-voters', 'region,votes\nLima,1\n', admin())).status).toBe(400);
    const big = `region,registered_voters\n${'x'.repeat(1024 * 1024)},1\n`;
    expect((await put('/api/admin/expected-voters', big, admin())).status).toBe(413);
    expect(await (await fetch(`${sys.baseUrl}/api/expected-voters`)).text()).toBe(before);
  });

  it('only an admin may change it: viewer and uploader get 403, anonymous 401, by cookie or token', async () => {
    const statuses = await Promise.all([
      put('/api/admin/expected-voters', GOOD_CSV, {}),
      put('/api/admin/expected-voters', GOOD_CSV, { cookie: cookies.viewer }),
      put('/api/admin/expected-voters', GOOD_CSV, { token: tokens.viewer }),
      put('/api/admin/expected-voters', GOOD_CSV, { cookie: cookies.uploader }),
      put('/api/admin/expected-voters', GOOD_CSV, { token: tokens.uploader }),
      fetch(`${sys.baseUrl}/api/admin/expected-voters`, { method: 'DELETE', headers: headers({ token: tokens.uploader }) }),
      fetch(`${sys.baseUrl}/api/admin/map-shape`, { method: 'DELETE', headers: headers({ cookie: cookies.viewer }) }),
      put('/api/admin/map-shape', GEOJSON, { token: tokens.uploader }, 'application/json'),
      put('/api/admin/map-shape', GEOJSON, {}, 'application/json'),
    ]);
    expect(statuses.map((r) => r.status)).toEqual([401, 403, 403, 403, 403, 403, 403, 403, 401]);
  });

  it('refuses a cross-site request carrying the admin cookie (CSRF); the same from our origin works', async () => {
    const evil = await put('/api/admin/expected-voters', 'region,registered_voters\nLima,1\n', { cookie: cookies.admin, origin: 'http://evil.example' });
    expect(evil.status).toBe(403);
    expect(((await evil.json()) as { error: { code: string } }).error.code).toBe('cross_origin');
    const evilDelete = await fetch(`${sys.baseUrl}/api/admin/expected-voters`, { method: 'DELETE', headers: headers({ cookie: cookies.admin, origin: 'http://evil.example' }) });
    expect(evilDelete.status).toBe(403);
    const evilShape = await put('/api/admin/map-shape', GEOJSON, { cookie: cookies.admin, origin: 'http://evil.example' }, 'application/json');
    expect(evilShape.status).toBe(403);
    expect(((await getJson<{ regions: unknown[] }>(sys, '/api/expected-voters')).regions)).toHaveLength(3);

    const ok = await put('/api/admin/expected-voters', GOOD_CSV, { cookie: cookies.admin });
    expect(ok.status).toBe(200);
  });

  it('DELETE clears it; the changes are in the audit log', async () => {
    const del = await fetch(`${sys.baseUrl}/api/admin/expected-voters`, { method: 'DELETE', headers: headers(admin()) });
    expect(await del.json()).toEqual({ removed: 3 });
    expect(await getJson(sys, '/api/expected-voters')).toEqual({ regions: [] });
    expect((await put('/api/admin/expected-voters', GOOD_CSV, admin())).status).toBe(200);
    const audit = await getJson<{ entries: { action: string; subject: string }[] }>(sys, '/api/admin/audit?limit=20');
    const actions = audit.entries.map((e) => e.action);
    expect(actions.filter((a) => a === 'expected_voters.set')).toHaveLength(3);
    expect(actions).toContain('expected_voters.clear');
    expect(audit.entries.find((e) => e.action === 'expected_voters.set' && e.subject === 'padron.csv')).toBeDefined();
  });
});

it('the admin console renders both admin sections', async () => {
  const res = await fetch(`${sys.baseUrl}/admin`, { headers: { cookie: cookies.admin } });
  expect(res.status).toBe(200);
  const html = await res.text();
  expect(html).toContain('data-testid="admin-map-shape"');
  expect(html).toContain('data-testid="admin-expected-voters"');
});

describe('map shape', () => {
  it('none at first: {shape: null}', async () => {
    const res = await fetch(`${sys.baseUrl}/api/map-shape`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ shape: null });
  });

  it('an admin uploads GeoJSON; the answer says how many result regions it matches; GET returns it with an ETag', async () => {
    const res = await put('/api/admin/map-shape?filename=peru.geojson', GEOJSON, admin(), 'application/geo+json');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { shape: { nameProperty: string; names: string[] }; match: unknown };
    expect(body.shape).toMatchObject({ source: 'uploaded', format: 'geojson', nameProperty: 'NOMBDEP', names: ['LIMA', 'Cusco', 'Tacna'], featureCount: 3, filename: 'peru.geojson' });
    expect(body.match).toEqual({ regions: 3, matched: 2, unmatchedRegions: ['Atlantis'], shapesWithoutResults: 1 });

    const get = await fetch(`${sys.baseUrl}/api/map-shape`);
    const got = (await get.json()) as { shape: { data: { type: string; features: { properties: unknown }[] }; uploadedAt: string } };
    expect(got.shape).toMatchObject({ source: 'uploaded', format: 'geojson', object: null, nameProperty: 'NOMBDEP', names: ['LIMA', 'Cusco', 'Tacna'] });
    expect(got.shape.data.type).toBe('FeatureCollection');
    expect(got.shape.data.features.map((f) => f.properties)).toEqual([{ name: 'LIMA' }, { name: 'Cusco' }, { name: 'Tacna' }]);
    expect(await getMapShape()).toEqual(got.shape);
    const etag = get.headers.get('etag')!;
    expect(etag).toMatch(/^"shape-[0-9a-f]{64}"$/);
    expect((await fetch(`${sys.baseUrl}/api/map-shape`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    const meta = (await getJson<{ shape: Record<string, unknown> }>(sys, '/api/map-shape?data=false')).shape;
    expect(meta.data).toBeUndefined();
    expect(meta.names).toEqual(['LIMA', 'Cusco', 'Tacna']);
  });

  it('refuses invalid shapes and keeps the stored one', async () => {
    const before = await (await fetch(`${sys.baseUrl}/api/map-shape`)).text();
    const cases: [string, string][] = [
      ['{"type":"FeatureCollection","features":[', 'bad_json'],
      ['{"type":"Feature","geometry":null}', 'bad_shape'],
      [JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'X' }, geometry: { type: 'Point', coordinates: [0, 0] } }] }), 'bad_geometry'],
      [JSON.stringify({ type: 'FeatureCollection', features: [] }), 'no_regions'],
    ];
    for (const [text, code] of cases) {
      const res = await put('/api/admin/map-shape', text, admin(), 'application/json');
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    }
    const noName = await put('/api/admin/map-shape?nameProperty=nombre', GEOJSON, admin(), 'application/json');
    expect(noName.status).toBe(400);
    expect(await noName.json()).toMatchObject({ error: { code: 'bad_name_property' }, nameProperties: ['NOMBDEP', 'area'] });
    expect((await put('/api/admin/map-shape', ' '.repeat(5 * 1024 * 1024 + 1), admin(), 'application/json')).status).toBe(413);
    expect(await (await fetch(`${sys.baseUrl}/api/map-shape`)).text()).toBe(before);
  });

  it('takes TopoJSON too, and DELETE goes back to none (audited)', async () => {
    const topo = JSON.stringify({
      type: 'Topology',
      arcs: [[[0, 0], [1, 0], [1, 1], [0, 0]], [[2, 0], [3, 0], [3, 1], [2, 0]]],
      objects: { deps: { type: 'GeometryCollection', geometries: [{ type: 'Polygon', arcs: [[0]], properties: { name: 'Lima' } }, { type: 'Polygon', arcs: [[1]], properties: { name: 'Cusco' } }] } },
    });
    const res = await put('/api/admin/map-shape', topo, admin(), 'application/json');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { match: { matched: number } }).match.matched).toBe(2);
    const got = await getJson<{ shape: { format: string; object: string; data: { objects: Record<string, unknown> } } }>(sys, '/api/map-shape');
    expect(got.shape.format).toBe('topojson');
    expect(Object.keys(got.shape.data.objects)).toEqual([got.shape.object]);

    const del = await fetch(`${sys.baseUrl}/api/admin/map-shape`, { method: 'DELETE', headers: headers(admin()) });
    expect(await del.json()).toEqual({ removed: true });
    expect(await getJson(sys, '/api/map-shape')).toEqual({ shape: null });
    expect(await getMapShape()).toBeNull();
    const actions = (await getJson<{ entries: { action: string }[] }>(sys, '/api/admin/audit?limit=50')).entries.map((e) => e.action);
    expect(actions.filter((a) => a === 'map_shape.set')).toHaveLength(2);
    expect(actions).toContain('map_shape.delete');
  });
});
