// The change ledger, results at a past version, the counting timeline and the decreases list, against real
// processes: every number is checked against what the files say or against what /api/results said at the time.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../lib/auth/apiToken';
import { disconnectPrisma, getPrisma } from '../../lib/db';
import { chunkJobId, closeIngestQueue, getIngestQueue } from '../../lib/queue';
import type { LedgerPage } from '../../lib/results/getLedger';
import type { UploadDecreases } from '../../lib/results/getUploadDecreases';
import type { Results } from '../../lib/results/summarizeCells';
import type { Timeline } from '../../lib/results/getTimeline';
import { emptyExpected, peruRows, toCsv, usVotes, type Expected } from '../support/fixtures';
import { waitFor } from '../support/processes';
import { getJson, startTestSystem, uploadFiles, type TestSystem } from '../support/system';

type UploadDetails = { id: string; status: string; rowsAccepted: number; chunksTotal: number | null };

const sha = (body: string) => createHash('sha256').update(body).digest('hex');

async function upload(sys: TestSystem, name: string, body: string, token = sys.token): Promise<string> {
  const res = await uploadFiles({ baseUrl: sys.baseUrl, token }, [{ name, body }]);
  expect(res.status).toBe(202);
  return ((await res.json()) as { uploads: { id: string }[] }).uploads[0].id;
}

async function waitDone(sys: TestSystem, id: string): Promise<UploadDetails> {
  return waitFor(`upload ${id} to finish`, async () => {
    const u = await getJson<UploadDetails>(sys, `/api/uploads/${id}`);
    return u.status === 'done' || u.status === 'failed' ? u : undefined;
  });
}

/** Region → net votes, summed over ledger entries. */
function regionSums(entries: LedgerPage['entries']): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of entries) for (const r of e.regions) out[r.region] = (out[r.region] ?? 0) + r.votes;
  for (const k of Object.keys(out)) if (out[k] === 0) delete out[k];
  return out;
}

function regionVotes(e: Expected): Record<string, number> {
  return Object.fromEntries(Object.entries(e.regions).map(([r, v]) => [r, v.votes]));
}

describe('ledger, time travel, timeline and decreases with real processes', () => {
  let sys: TestSystem;
  let uploaderToken: string;
  const files: { name: string; body: string; expected: Expected; id?: string }[] = [];
  /** Every distinct /api/results body seen while counting, by version. */
  const seen = new Map<number, Results>();

  beforeAll(async () => {
    // One worker taking one chunk at a time, and a sweep every 500 ms (the displacement test relies on both).
    sys = await startTestSystem({ workers: 1, env: { WORKER_CONCURRENCY: '1', STALLED_UPLOAD_MS: '2000' } });
    const uploader = await getPrisma().user.create({ data: { email: 'uploader@test.local', passwordHash: 'x', role: 'uploader' } });
    uploaderToken = (await createApiToken(uploader.id)).token;

    const e1 = emptyExpected();
    const e2 = emptyExpected();
    const e3 = emptyExpected();
    files.push(
      { name: 'ledger-first.csv', body: toCsv(peruRows(31, 400, e1, 50_000_000)), expected: e1 },
      { name: 'ledger-second.csv', body: toCsv(peruRows(32, 180, e2, 51_000_000)), expected: e2 },
      { name: 'ledger-third.json', body: JSON.stringify(usVotes(33, 120, e3)), expected: e3 },
    );
    const before = await getJson<Results>(sys, '/api/results');
    seen.set(before.version, before);
    // One file at a time; /api/results is polled while each counts, so intermediate versions are captured too.
    for (const [i, f] of files.entries()) {
      f.id = await upload(sys, f.name, f.body, i === 0 ? uploaderToken : sys.token);
      let done = false;
      const polling = (async () => {
        while (!done) {
          const r = await getJson<Results>(sys, '/api/results');
          seen.set(r.version, r);
          await new Promise((res) => setTimeout(res, 15));
        }
      })();
      await waitDone(sys, f.id);
      done = true;
      await polling;
      const r = await getJson<Results>(sys, '/api/results');
      seen.set(r.version, r);
    }
  }, 180_000);

  afterAll(async () => {
    await sys?.stop();
    await closeIngestQueue();
    await disconnectPrisma();
  });

  it('has one entry per version, newest first, and each upload matches its file: sha256, role, per-region votes', async () => {
    const current = (await getJson<Results>(sys, '/api/results')).version;
    const page = await getJson<LedgerPage>(sys, '/api/ledger?limit=200');
    expect(page.entries.map((e) => e.version)).toEqual(Array.from({ length: current }, (_, i) => current - i));
    expect(page.nextBefore).toBeNull();
    for (const [i, f] of files.entries()) {
      const mine = page.entries.filter((e) => e.upload?.sha256 === sha(f.body));
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.every((e) => e.reason === 'upload' && e.upload?.uploaderRole === (i === 0 ? 'uploader' : 'admin'))).toBe(true);
      expect(regionSums(mine)).toEqual(regionVotes(f.expected));
      expect(mine.reduce((n, e) => n + e.votes, 0)).toBe(f.expected.votes);
      expect(mine.every((e) => e.decreases.length === 0)).toBe(true);
    }
    // Public: no file names, no accounts.
    const raw = JSON.stringify(page);
    for (const f of files) expect(raw).not.toContain(f.name);
    expect(raw).not.toContain('@test.local');
    expect(Object.keys(page.entries[0]).sort()).toEqual(['at', 'contests', 'corrections', 'correctionsTotal', 'decreases', 'reason', 'regions', 'stationsFirst', 'upload', 'version', 'votes']);
    expect(Object.keys(page.entries[0].upload!).sort()).toEqual(['sha256', 'uploaderRole']);
  });

  it('pages back with before / nextBefore and refuses a bad query', async () => {
    const first = await getJson<LedgerPage>(sys, '/api/ledger?limit=3');
    expect(first.entries).toHaveLength(3);
    expect(first.nextBefore).toBe(first.entries[2].version);
    const second = await getJson<LedgerPage>(sys, `/api/ledger?limit=3&before=${first.nextBefore}`);
    expect(second.entries.map((e) => e.version)).toEqual([1, 2, 3].map((k) => first.entries[2].version - k));
    const last = await getJson<LedgerPage>(sys, '/api/ledger?before=3');
    expect(last.entries.map((e) => e.version)).toEqual([2, 1]);
    expect(last.nextBefore).toBeNull();
    for (const q of ['limit=201', 'limit=0', 'before=x']) expect((await fetch(`${sys.baseUrl}/api/ledger?${q}`)).status).toBe(400);
    // Public by default, with an ETag.
    const res = await fetch(`${sys.baseUrl}/api/ledger`);
    expect(res.status).toBe(200);
    const etag = res.headers.get('etag')!;
    expect((await fetch(`${sys.baseUrl}/api/ledger`, { headers: { 'if-none-match': etag } })).status).toBe(304);
  });

  it('answers ?version=N with exactly what /api/results said at version N, cached for good', async () => {
    const current = (await getJson<Results>(sys, '/api/results')).version;
    expect(seen.size).toBeGreaterThanOrEqual(3);
    // Versions below half way are summed from the start, later ones are today's tallies minus the deltas after
    // them (getResultsAt): 0 and the current version are always among them, so both ways are checked.
    expect(seen.has(0) && seen.has(current)).toBe(true);
    for (const [version, said] of seen) {
      expect(await getJson<Results>(sys, `/api/results?version=${version}`)).toEqual(said);
    }
    const some = [...seen.keys()].find((v) => v > 0 && v < current) ?? 1;
    const res = await fetch(`${sys.baseUrl}/api/results?version=${some}`);
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(res.headers.get('etag')).toBe(`"v${some}"`);
    expect((await fetch(`${sys.baseUrl}/api/results?version=${some}`, { headers: { 'if-none-match': `"v${some}"` } })).status).toBe(304);

    const zero = await getJson<Results>(sys, '/api/results?version=0');
    expect(zero).toMatchObject({ version: 0, updatedAt: null, totals: { votes: 0 }, regions: [] });
    for (const v of [String(current + 1), '-1', 'abc', '1.5']) expect((await fetch(`${sys.baseUrl}/api/results?version=${v}`)).status).toBe(400);
    expect((await fetch(`${sys.baseUrl}/api/results?version=1&level=region`)).status).toBe(400);
    // The existing answers are unchanged.
    expect((await fetch(`${sys.baseUrl}/api/results?level=region`)).status).toBe(200);
  });

  it('the timeline has one point per version (nationally and per region) and its last point is the current results', async () => {
    const now = await getJson<Results>(sys, '/api/results');
    const t = await getJson<Timeline>(sys, '/api/results/timeline');
    expect(t.points.map((p) => p.version)).toEqual(Array.from({ length: now.version }, (_, i) => i + 1));
    const last = t.points.at(-1)!;
    expect(last).toEqual({
      version: now.version,
      at: now.updatedAt,
      votes: now.totals.votes,
      byCandidate: Object.fromEntries(now.totals.byCandidate.map((c) => [c.candidate, c.votes])),
    });
    for (const [version, said] of seen) {
      if (version === 0) continue;
      const p = t.points.find((x) => x.version === version)!;
      expect(p.votes).toBe(said.totals.votes);
    }
    const lima = await getJson<Timeline>(sys, `/api/results/timeline?region=${encodeURIComponent('Lima')}`);
    const limaNow = now.regions.find((r) => r.region === 'Lima')!;
    expect(lima.points).toHaveLength(now.version);
    expect(lima.points.at(-1)).toMatchObject({ votes: limaNow.votes, byCandidate: Object.fromEntries(limaNow.candidates.map((c) => [c.candidate, c.votes])) });
    expect((await fetch(`${sys.baseUrl}/api/results/timeline?level=x`)).status).toBe(400);
  });

  it('a retraction shows as its own entry with negative votes, and is not an upload decrease', async () => {
    const f = files[1];
    const res = await fetch(`${sys.baseUrl}/api/uploads/${f.id}/retract`, { method: 'POST', headers: { authorization: `Bearer ${sys.token}` } });
    expect(res.status).toBe(200);
    const { version } = (await res.json()) as { version: number };
    const [entry] = (await getJson<LedgerPage>(sys, '/api/ledger?limit=1')).entries;
    expect(entry).toMatchObject({ version, reason: 'retraction', upload: { sha256: sha(f.body), uploaderRole: 'admin' }, votes: -f.expected.votes });
    expect(regionSums([entry])).toEqual(Object.fromEntries(Object.entries(regionVotes(f.expected)).map(([r, v]) => [r, -v])));
    expect(entry.decreases.length).toBeGreaterThan(0);
    expect(entry.decreases.every((d) => d.votes < 0)).toBe(true);
    const decreases = await getJson<UploadDecreases>(sys, '/api/ledger/decreases');
    expect(decreases.version).toBe(version);
    expect(decreases.decreases.some((d) => d.version === version)).toBe(false);
    // Time travel to before the retraction still shows the file counted.
    expect(seen.get(version - 1)).toBeDefined();
    expect(await getJson<Results>(sys, `/api/results?version=${version - 1}`)).toEqual(seen.get(version - 1));
    const t = await getJson<Timeline>(sys, '/api/results/timeline');
    expect(t.points.at(-1)!.votes).toBe(t.points.at(-2)!.votes - f.expected.votes);
  });

  it('lists the version in which an earlier row counted late takes a duplicate voter id from a later upload', async () => {
    // Stop counting, stage A (earlier), lose its queue job, stage B (later, same voter id), count: B's row counts
    // first, then the sweep re-enqueues A's chunk, whose row takes the claim and uncounts B's row.
    await sys.workers[0].stop();
    sys.workers = [];
    const header = 'region,provincia,ciudad,dni,candidato,esvalido\r\n';
    const a = header + 'Lima,Lima,Lima Centro,88000001,Ana Quispe,1\r\nLima,Lima,Lima Centro,88000002,Ana Quispe,1\r\n';
    const b = header + 'Cusco,Cusco,Cusco Centro,88000003,Luis Torres,1\r\nCusco,Cusco,Cusco Centro,88000001,Luis Torres,1\r\n';
    const aId = await upload(sys, 'a.csv', a);
    const queue = getIngestQueue();
    const aJob = chunkJobId({ uploadId: aId, seq: 0 });
    await waitFor("A's chunk job queued", async () => (await queue.getJobState(aJob)) === 'waiting');
    expect(await queue.remove(aJob)).toBe(1);
    const bId = await upload(sys, 'b.csv', b);
    await waitFor("B's chunk job queued", async () => (await queue.getJobState(chunkJobId({ uploadId: bId, seq: 0 }))) === 'waiting');
    sys.workers.push(sys.startWorker());
    const [ua, ub] = [await waitDone(sys, aId), await waitDone(sys, bId)];
    expect([ua.status, ua.rowsAccepted, ub.status, ub.rowsAccepted]).toEqual(['done', 2, 'done', 1]);

    const { decreases } = await getJson<UploadDecreases>(sys, '/api/ledger/decreases');
    const taken = decreases.filter((d) => d.region === 'Cusco' && d.candidate === 'Luis Torres');
    expect(taken).toHaveLength(1);
    expect(taken[0].votes).toBe(-1);
    const [entry] = (await getJson<LedgerPage>(sys, `/api/ledger?before=${taken[0].version + 1}&limit=1`)).entries;
    expect(entry).toMatchObject({ version: taken[0].version, reason: 'upload', upload: { sha256: sha(a) } });
    expect(entry.decreases).toEqual([{ region: 'Cusco', candidate: 'Luis Torres', votes: -1 }]);
    // A's entry comes after B's.
    const bEntry = (await getJson<LedgerPage>(sys, '/api/ledger?limit=5')).entries.find((e) => e.upload?.sha256 === sha(b))!;
    expect(bEntry.version).toBeLessThan(entry.version);
  });
});
