// GET /api/results?level=…: the drill-down agrees with the top-level results at every level, at one version, and
// downloads as csv with formula cells defused.
import { checkNistReport } from '../../lib/export/nistSchemaCheck';
import { nistRows } from '../../lib/ingest/readNist';
import { DEFAULT_LIMITS } from '../../lib/ingest/types';
import { createHash } from 'node:crypto';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { disconnectPrisma } from '../../lib/db';
import type { LevelResults } from '../../lib/results/levelResults';
import { emptyExpected, peruRows, resultsAsExpected, toCsv } from '../support/fixtures';
import { waitFor } from '../support/processes';
import { getJson, startTestSystem, uploadFiles, type TestSystem } from '../support/system';

type Results = Parameters<typeof resultsAsExpected>[0] & { version: number };
let sys: TestSystem;

beforeAll(async () => {
  sys = await startTestSystem({ workers: 1 });
  const rows = peruRows(21, 3_000, emptyExpected(), 30_000_000);
  // A candidate a spreadsheet would run as a formula, in a province of its own.
  rows.push(['Lima', 'Huaral', 'Huaral Centro', '39999999', '=HYPERLINK("http://x")', 1]);
  const res = await uploadFiles(sys, [{ name: 'drill.csv', body: toCsv(rows) }]);
  const id = ((await res.json()) as { uploads: { id: string }[] }).uploads[0].id;
  await waitFor('the upload counted', async () => (await getJson<{ status: string }>(sys, `/api/uploads/${id}`)).status === 'done');
}, 120_000);

afterAll(async () => {
  await sys?.stop();
  await disconnectPrisma();
});

it('regions, provinces of a region and districts of a province add up to the level above', async () => {
  const top = await getJson<Results>(sys, '/api/results');
  const regions = await getJson<LevelResults>(sys, '/api/results?level=region');
  expect(regions.version).toBe(top.version);
  expect(regions.totals).toEqual(top.totals);
  expect(regions.areas.map((a) => a.area)).toEqual(top.regions.map((r) => r.region));

  const lima = top.regions.find((r) => r.region === 'Lima')!;
  const provinces = await getJson<LevelResults>(sys, '/api/results?level=province&region=Lima');
  expect(provinces).toMatchObject({ level: 'province', region: 'Lima' });
  expect({ votes: provinces.totals.votes, valid: provinces.totals.valid, blank: provinces.totals.blank, null: provinces.totals.null }).toEqual({
    votes: lima.votes,
    valid: lima.valid,
    blank: lima.blank,
    null: lima.null,
  });
  expect(provinces.totals.byCandidate).toEqual(lima.candidates);
  expect(provinces.areas.reduce((n, a) => n + a.votes, 0)).toBe(lima.votes);

  const huaral = provinces.areas.find((a) => a.area === 'Huaral')!;
  const districts = await getJson<LevelResults>(sys, '/api/results?level=district&region=Lima&province=Huaral');
  expect(districts.totals.votes).toBe(huaral.votes);
  expect(districts.areas.map((a) => a.area)).toContain('Huaral Centro');
  // A name that exists nowhere is an empty level, not an error.
  expect((await getJson<LevelResults>(sys, '/api/results?level=province&region=Atlantis')).areas).toEqual([]);
});

it('refuses a malformed query and downloads csv with formula cells defused', async () => {
  expect((await fetch(`${sys.baseUrl}/api/results?level=district&region=Lima`)).status).toBe(400);
  const res = await fetch(`${sys.baseUrl}/api/results?level=district&region=Lima&province=Huaral&format=csv`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/csv');
  expect(res.headers.get('content-disposition')).toContain('results-district-Lima-Huaral-v');
  const lines = (await res.text()).trim().split('\r\n');
  expect(lines[0]).toBe('version,level,region,province,area,candidate,status,votes');
  expect(lines.some((l) => l.includes(`"'=HYPERLINK(""http://x"")"`))).toBe(true);
  expect(lines.some((l) => /,=/.test(l))).toBe(false);
});

it('publishes a NIST-style election report with its sha256 and the status an admin set (only an admin may set it)', async () => {
  const report = await fetch(`${sys.baseUrl}/api/results/report`);
  const body = await report.text();
  const digest = createHash('sha256').update(body).digest('hex');
  expect(report.headers.get('x-content-sha256')).toBe(digest);
  expect((await (await fetch(`${sys.baseUrl}/api/results/report.sha256`)).text()).split(' ')[0]).toBe(digest);
  const parsed = JSON.parse(body) as { Status: string; Election: { Contest: { Name: string }[] }[] };
  expect(parsed.Status).toBe('unofficial-partial');
  expect(checkNistReport(parsed)).toEqual([]);
  // One contest per contest (here the default one); read back, its counts are exactly /api/results, region by region.
  const top = await getJson<Results>(sys, '/api/results');
  expect(parsed.Election[0].Contest.map((c) => c.Name)).toEqual(['Election']);
  const back = nistRows(parsed, DEFAULT_LIMITS);
  const perRegion = new Map<string, number>();
  for (const r of back.rows) if (r.vote) perRegion.set(r.vote.region, (perRegion.get(r.vote.region) ?? 0) + r.vote.votes);
  expect(Object.fromEntries(perRegion)).toEqual(Object.fromEntries(top.regions.map((r) => [r.region, r.votes])));

  const put = (status: string, headers: Record<string, string>) =>
    fetch(`${sys.baseUrl}/api/admin/results-status`, { method: 'PUT', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ status }) });
  const statuses: string[] = [];
  const socket = io(sys.baseUrl, { transports: ['websocket'] });
  socket.on('results:status', (s: { status: string }) => statuses.push(s.status));
  await waitFor('the status on connect', async () => statuses.length > 0);
  expect(statuses).toEqual(['unofficial-partial']);
  expect((await put('certified', {})).status).toBe(401);
  expect((await put('final', { authorization: `Bearer ${sys.token}` })).status).toBe(400);
  expect((await put('certified', { authorization: `Bearer ${sys.token}` })).status).toBe(200);
  const certified = await (await fetch(`${sys.baseUrl}/api/results/report`)).text();
  expect(JSON.parse(certified).Status).toBe('certified');
  expect(createHash('sha256').update(certified).digest('hex')).not.toBe(digest);
  // Every open dashboard hears it.
  await waitFor('the status change pushed', async () => statuses.includes('certified'));
  socket.close();
});
