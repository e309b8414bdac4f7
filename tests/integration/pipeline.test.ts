import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../lib/auth/apiToken';
import { disconnectPrisma, getPrisma } from '../../lib/db';
import type { ClientToServerEvents, ServerToClientEvents, TallyCell, TallyDelta, TallySnapshot } from '../../lib/events';
import { summarizeCells } from '../../lib/results/summarizeCells';
import { verifyTallies } from '../../lib/tally/verifyTallies';
import { writeXlsx } from '../../lib/xlsx/writeXlsx';
import { emptyExpected, mergeExpected, peruRows, resultsAsExpected, toCsv, usVotes } from '../support/fixtures';
import { waitFor } from '../support/processes';
import { writeTwoSheetXlsx } from '../support/twoSheetXlsx';
import { getJson, startTestSystem, uploadFiles, type TestSystem } from '../support/system';

type Results = Parameters<typeof resultsAsExpected>[0] & { version: number };
type UploadDetails = { id: string; status: string; rowsTotal: number; rowsAccepted: number; rowsRejected: number; votesAccepted: number; errors: { row: number; reason: string }[] };

async function waitDone(sys: TestSystem, id: string): Promise<UploadDetails> {
  return waitFor(`upload ${id} to finish`, async () => {
    const u = await getJson<UploadDetails>(sys, `/api/uploads/${id}`);
    return u.status === 'done' || u.status === 'failed' ? u : undefined;
  });
}

describe('upload → BullMQ → worker → Postgres → Redis → Socket.IO, with real processes', () => {
  let sys: TestSystem;
  let socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  const received: { snapshot?: TallySnapshot; deltas: TallyDelta[] } = { deltas: [] };

  beforeAll(async () => {
    sys = await startTestSystem({ workers: 2 });
    socket = io(sys.baseUrl, { transports: ['websocket'] });
    socket.on('tally:snapshot', (s) => {
      received.snapshot ??= s;
    });
    socket.on('tally:delta', (d) => received.deltas.push(d));
    await waitFor('the first snapshot', async () => received.snapshot);
  });
  afterAll(async () => {
    socket?.close();
    await sys?.stop();
    await disconnectPrisma();
  });

  it('counts a Peruvian csv, a Peruvian xlsx, a JSON and an ndjson vote stream exactly', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tally-it-'));
    const eCsv = emptyExpected();
    const csv = toCsv(peruRows(1, 300, eCsv, 10_000_000));
    const eXlsx = emptyExpected();
    const xlsxPath = path.join(dir, 'lima.xlsx');
    await writeXlsx(xlsxPath, peruRows(2, 250, eXlsx, 20_000_000));
    const eJson = emptyExpected();
    const json = JSON.stringify(usVotes(3, 200, eJson));
    const eNd = emptyExpected();
    // ndjson with CRLF line ends, a trailing blank line, and votes carried per row.
    const ndjson = usVotes(4, 150, eNd).map((v) => JSON.stringify({ ...v, vote_id: `nd-${v.vote_id}` })).join('\r\n') + '\r\n\r\n';

    const res = await uploadFiles(sys, [
      { name: 'peru.csv', body: csv },
      { name: 'lima.xlsx', body: await readFile(xlsxPath) },
      { name: 'votes.json', body: json },
      { name: 'stream.ndjson', body: ndjson },
    ]);
    expect(res.status).toBe(202);
    const body = (await res.json()) as { uploads: { id: string; status: string }[] };
    expect(body.uploads.map((u) => u.status)).toEqual(['queued', 'queued', 'queued', 'queued']);

    const done = await Promise.all(body.uploads.map((u) => waitDone(sys, u.id)));
    expect(done.map((u) => u.status)).toEqual(['done', 'done', 'done', 'done']);
    expect(done.map((u) => u.rowsAccepted)).toEqual([300, 250, 200, 150]);
    expect(done[2].votesAccepted).toBe(eJson.votes);

    const results = await getJson<Results>(sys, '/api/results');
    expect(resultsAsExpected(results)).toEqual(mergeExpected([eCsv, eXlsx, eJson, eNd]));
    expect(await verifyTallies()).toMatchObject({ ok: true, version: results.version, tallyVotes: results.totals.votes });
  });

  it('the socket client got deltas whose sum equals the final snapshot', async () => {
    const results = await getJson<Results>(sys, '/api/results');
    await waitFor('the last delta', async () => received.deltas.at(-1)?.to === results.version);
    // Versions chain without gaps or overlaps from the first snapshot to the end.
    let v = received.snapshot!.version;
    for (const d of received.deltas) {
      expect(d.from).toBe(v);
      v = d.to;
    }
    const sums = new Map<string, TallyCell>();
    for (const c of [...received.snapshot!.cells, ...received.deltas.flatMap((d) => d.cells)]) {
      const k = `${c[0]}|${c[1]}|${c[2]}`;
      const prev = sums.get(k);
      sums.set(k, [c[0], c[1], c[2], (prev?.[3] ?? 0) + c[3]]);
    }
    const fromDeltas = summarizeCells(v, null, [...sums.values()].filter((c) => c[3] !== 0));
    expect(resultsAsExpected(fromDeltas)).toEqual(resultsAsExpected(results));
  });

  it('lists rejected rows with their row number and reason; the rest counts', async () => {
    const csv = 'region,provincia,ciudad,dni,candidato,esvalido\r\nLima,Lima,Centro,1,Ana,1\r\n,Lima,Centro,2,Ana,1\r\nLima,Lima,Centro,3,Ana,maybe\r\n';
    const before = await getJson<Results>(sys, '/api/results');
    const res = await uploadFiles(sys, [{ name: 'bad-rows.csv', body: csv }]);
    expect(res.status).toBe(202);
    const { uploads } = (await res.json()) as { uploads: { id: string }[] };
    const u = await waitDone(sys, uploads[0].id);
    expect(u).toMatchObject({ status: 'done', rowsTotal: 3, rowsAccepted: 1, rowsRejected: 2 });
    expect(u.errors.map((e) => e.row)).toEqual([3, 4]);
    expect(u.errors[0].reason).toMatch(/region/);
    const asJson = await getJson<{ row: number; reason: string }[]>(sys, `/api/uploads/${u.id}/errors`);
    expect(asJson).toEqual(u.errors);
    const csvRes = await fetch(`${sys.baseUrl}/api/uploads/${u.id}/errors?format=csv`, {
      headers: { authorization: `Bearer ${sys.token}` },
    });
    expect(csvRes.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await csvRes.text()).trim().split('\r\n');
    expect(lines[0]).toBe('row,reason');
    expect(lines.slice(1).map((l) => Number(l.split(',')[0]))).toEqual([3, 4]);
    const after = await getJson<Results>(sys, '/api/results');
    expect(after.totals.votes).toBe(before.totals.votes + 1);
  });

  it('refuses a file that is no known format with a clear 4xx error and counts nothing', async () => {
    const before = await getJson<Results>(sys, '/api/results');
    const res = await uploadFiles(sys, [{ name: 'notes.csv', body: new Uint8Array([0, 1, 2, 3, 255, 254, 0, 0, 7]) }]);
    expect(res.status).toBe(415);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('unknown_format');
    expect((await getJson<Results>(sys, '/api/results')).version).toBe(before.version);
  });

  it('refuses a byte-identical re-upload unless confirmed as a new batch', async () => {
    const csv = 'region,candidato\r\nPiura,Ana\r\nPiura,Luis\r\n';
    const first = await uploadFiles(sys, [{ name: 'piura.csv', body: csv }]);
    expect(first.status).toBe(202);
    await waitDone(sys, ((await first.json()) as { uploads: { id: string }[] }).uploads[0].id);
    const before = await getJson<Results>(sys, '/api/results');

    const again = await uploadFiles(sys, [{ name: 'piura-copy.csv', body: csv }]);
    expect(again.status).toBe(409);
    const refused = (await again.json()) as { error: { code: string; message: string } };
    expect(refused.error.code).toBe('duplicate_file');
    expect(refused.error.message).toMatch(/byte-identical/);
    await new Promise((r) => setTimeout(r, 300));
    expect((await getJson<Results>(sys, '/api/results')).version).toBe(before.version);

    const confirmed = await uploadFiles(sys, [{ name: 'piura-batch2.csv', body: csv }], '?confirmDuplicate=true');
    expect(confirmed.status).toBe(202);
    const u = await waitDone(sys, ((await confirmed.json()) as { uploads: { id: string }[] }).uploads[0].id);
    expect(u.status).toBe('done');
    expect((await getJson<Results>(sys, '/api/results')).totals.votes).toBe(before.totals.votes + 2);
  });

  it('an admin retracts an upload: tallies drop by exactly its contribution, live; an uploader may not', async () => {
    const e = emptyExpected();
    const csv = toCsv(peruRows(9, 120, e, 70_000_000));
    const before = await getJson<Results>(sys, '/api/results');
    const res = await uploadFiles(sys, [{ name: 'wrong-file.csv', body: csv }]);
    const id = ((await res.json()) as { uploads: { id: string }[] }).uploads[0].id;
    await waitDone(sys, id);
    expect((await getJson<Results>(sys, '/api/results')).totals.votes).toBe(before.totals.votes + e.votes);

    const uploader = await getPrisma().user.create({ data: { email: 'uploader@test.local', passwordHash: 'x', role: 'uploader' } });
    const uploaderToken = (await createApiToken(uploader.id)).token;
    const retract = (token: string) =>
      fetch(`${sys.baseUrl}/api/uploads/${id}/retract`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect((await retract(uploaderToken)).status).toBe(403);
    expect((await retract('tly_nobody')).status).toBe(401);

    const ok = await retract(sys.token);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ status: 'retracted', rowsRemoved: 120, votesRemoved: e.votes });
    const after = await getJson<Results>(sys, '/api/results');
    expect(resultsAsExpected(after)).toEqual(resultsAsExpected(before));
    expect(after.version).toBeGreaterThan(before.version);
    await waitFor('the retraction delta on the socket', async () => received.deltas.at(-1)?.to === after.version);
    expect(received.deltas.at(-1)!.cells.some((c) => c[3] < 0)).toBe(true);
    const details = await getJson<{ status: string; retracted: { by: string } }>(sys, `/api/uploads/${id}`);
    expect(details).toMatchObject({ status: 'retracted', retracted: { by: 'admin@test.local' } });
    expect((await retract(sys.token)).status).toBe(409);
    const noSuch = await fetch(`${sys.baseUrl}/api/uploads/not-a-uuid/retract`, { method: 'POST', headers: { authorization: `Bearer ${sys.token}` } });
    expect(noSuch.status).toBe(404);
    expect(await verifyTallies()).toMatchObject({ ok: true });

    // The history: the admin sees every upload with who retracted what; the uploader only their own (none yet, then one).
    type Listed = { uploads: { id: string; status: string; uploadedBy: string | null; retracted: { by: string | null } | null }[] };
    const asUploader = { baseUrl: sys.baseUrl, token: uploaderToken };
    expect((await getJson<Listed>(asUploader, '/api/uploads')).uploads).toEqual([]);
    const mine = await uploadFiles(asUploader, [{ name: 'mine.csv', body: 'region,candidato\nUcayali,Ana\n' }]);
    const mineId = ((await mine.json()) as { uploads: { id: string }[] }).uploads[0].id;
    await waitDone(sys, mineId);
    expect((await getJson<Listed>(asUploader, '/api/uploads')).uploads.map((u) => u.id)).toEqual([mineId]);
    const all = (await getJson<Listed>(sys, '/api/uploads?limit=200')).uploads;
    expect(all[0]).toMatchObject({ id: mineId, uploadedBy: 'uploader@test.local' });
    expect(all.find((u) => u.id === id)).toMatchObject({ status: 'retracted', uploadedBy: 'admin@test.local', retracted: { by: 'admin@test.local' } });
    expect(all.length).toBeGreaterThan(5);
    const badLimit = await fetch(`${sys.baseUrl}/api/uploads?limit=0`, { headers: { authorization: `Bearer ${sys.token}` } });
    expect(badLimit.status).toBe(400);
    expect((await fetch(`${sys.baseUrl}/api/uploads`)).status).toBe(401);
  });

  it('previews a file whose headers no alias knows, then counts it with the mapping the uploader chose', async () => {
    const csv = 'Dpto;Postulante;Turno\r\nTumbes;Ana;1\r\nTumbes;Luis;2\r\n;Ana;3\r\n';
    const preview = (query = '') =>
      fetch(`${sys.baseUrl}/api/uploads/preview${query}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sys.token}` },
        body: (() => {
          const f = new FormData();
          f.append('file', new Blob([csv]), 'tumbes.csv');
          return f;
        })(),
      });
    const before = await getJson<Results>(sys, '/api/results');
    const unmapped = await preview();
    expect(unmapped.status).toBe(422);
    expect(await unmapped.json()).toMatchObject({
      error: { code: 'bad_header' },
      format: 'csv',
      columns: [{ header: 'Dpto', role: null }, { header: 'Postulante', role: null }, { header: 'Turno', role: null }],
    });
    const mapping = `?mapping=${encodeURIComponent(JSON.stringify({ Dpto: 'region', Postulante: 'candidate' }))}`;
    const mapped = await preview(mapping);
    expect(mapped.status).toBe(200);
    const body = (await mapped.json()) as { columns: unknown; rows: { row: number; vote?: { region: string }; error?: string }[] };
    expect(body.columns).toEqual([{ header: 'Dpto', role: 'region' }, { header: 'Postulante', role: 'candidate' }, { header: 'Turno', role: null }]);
    expect(body.rows.map((r) => r.vote?.region ?? r.error)).toEqual(['Tumbes', 'Tumbes', 'missing region']);
    // A preview counts nothing.
    expect((await getJson<Results>(sys, '/api/results')).version).toBe(before.version);

    expect((await uploadFiles(sys, [{ name: 'tumbes.csv', body: csv }], '?mapping=%7B')).status).toBe(400);
    const res = await uploadFiles(sys, [{ name: 'tumbes.csv', body: csv }], mapping);
    expect(res.status).toBe(202);
    const u = await waitDone(sys, ((await res.json()) as { uploads: { id: string }[] }).uploads[0].id);
    expect(u).toMatchObject({ status: 'done', rowsAccepted: 2, rowsRejected: 1 });
    const after = await getJson<Results>(sys, '/api/results');
    expect(after.regions.find((r) => r.region === 'Tumbes')).toMatchObject({ votes: 2, valid: 2 });
  });

  it('reads the worksheet the uploader chose from a workbook whose first sheet is a cover page', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tally-sheet-'));
    const file = path.join(dir, 'tacna.xlsx');
    await writeTwoSheetXlsx(
      file,
      { name: 'Portada', rows: [['Elecciones 2026'], ['Acta consolidada de Tacna']] },
      { name: 'Votos', rows: [['region', 'provincia', 'candidato', 'esvalido'], ['Tacna', 'Tarata', 'Ana', 1], ['Tacna', 'Tarata', 'Luis', 0]] },
    );
    const body = await readFile(file);
    const first = await uploadFiles(sys, [{ name: 'tacna.xlsx', body }]);
    expect(first.status).toBe(202);
    const refused = await waitDone(sys, ((await first.json()) as { uploads: { id: string }[] }).uploads[0].id);
    expect(refused.status).toBe('failed');
    expect(await getJson<{ error: string }>(sys, `/api/uploads/${refused.id}`)).toMatchObject({ error: expect.stringMatching(/region/) });

    const res = await uploadFiles(sys, [{ name: 'tacna.xlsx', body }], '?sheet=Votos');
    expect(res.status).toBe(202);
    const u = await waitDone(sys, ((await res.json()) as { uploads: { id: string }[] }).uploads[0].id);
    expect(u).toMatchObject({ status: 'done', rowsAccepted: 2 });
    const after = await getJson<Results>(sys, '/api/results');
    expect(after.regions.find((r) => r.region === 'Tacna')).toMatchObject({ votes: 2, valid: 1, null: 1 });
  });

  it('refuses uploads without credentials', async () => {
    const res = await uploadFiles({ baseUrl: sys.baseUrl, token: 'tly_not-a-token' }, [{ name: 'a.csv', body: 'region,candidate\nLima,A\n' }]);
    expect(res.status).toBe(401);
  });
});
