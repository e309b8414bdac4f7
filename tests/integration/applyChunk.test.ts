import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { disconnectPrisma, getPrisma } from '../../lib/db';
import { emptyChunk, type Chunk } from '../../lib/chunk';
import { getSnapshot } from '../../lib/results/getSnapshot';
import { applyChunk as applyStaged } from '../../lib/tally/applyChunk';
import { prepareChunk } from '../../lib/tally/prepareChunk';
import { verifyTallies } from '../../lib/tally/verifyTallies';
import { UploadRetracted } from '../../lib/tally/applyChunk';
import { retractUpload } from '../../lib/uploads/retractUpload';
import { stageChunk, stageEncodedChunk, UploadCancelled } from '../../lib/uploads/stagedChunks';
import { encodeChunk } from '../../lib/uploads/chunkCodec';
import { failUpload } from '../../lib/uploads/uploadProgress';
import { resetState } from '../support/resetState';

let nextVoter = 10_000_000;

/** Stages the chunk as a web node would, then applies it (applyChunk counts only a chunk that is still staged). */
async function applyChunk(uploadId: string, seq: number, chunk: Chunk) {
  await stageChunk(uploadId, seq, chunk);
  return applyStaged(uploadId, seq, prepareChunk(chunk, uploadId));
}

/** Rows with fresh voter ids unless `ids` names them (null = no voter id); valid false = a null vote. */
function chunkOf(rows: [region: string, candidate: string, valid: boolean, votes?: number][], ids?: (string | null)[], firstRow = 2): Chunk {
  const c = emptyChunk();
  rows.forEach(([region, candidate, valid, votes], i) => {
    c.row.push(firstRow + i);
    c.region.push(region);
    c.province.push('P');
    c.district.push('D');
    c.candidate.push(candidate);
    c.status.push(valid ? 'valid' : 'null');
    c.votes.push(votes ?? 1);
    c.voterId.push(ids ? ids[i] : String(nextVoter++));
    c.extra.push(i === 0 ? JSON.stringify({ age_group: '18-25' }) : null);
  });
  return c;
}

async function newUpload(chunksTotal: number | null): Promise<string> {
  const u = await getPrisma().upload.create({
    data: { filename: 't.csv', sha256: randomUUID(), sizeBytes: 1n, chunksTotal, status: 'processing' },
  });
  return u.id;
}

async function talliesByKey() {
  const rows = await getPrisma().tally.findMany();
  // A tally row that went back to 0 (a displaced vote) is the same as no row.
  return Object.fromEntries(rows.filter((r) => r.votes !== 0n).map((r) => [`${r.region}|${r.candidate}|${r.status === 'valid'}`, Number(r.votes)]));
}

describe('applyChunk against real Postgres', () => {
  beforeAll(async () => {
    await resetState(process.env.DATABASE_URL!, process.env.REDIS_URL!, process.env.QUEUE_PREFIX!);
  });
  beforeEach(async () => {
    const prisma = getPrisma();
    await prisma.$executeRawUnsafe('TRUNCATE upload, upload_chunk, upload_error, vote_record, voter_claim, tally, tally_delta CASCADE');
    await prisma.$executeRawUnsafe('UPDATE tally_version SET version = 0');
  });
  afterAll(disconnectPrisma);

  it('stores rows, adds tallies, bumps the version and finishes the upload', async () => {
    const id = await newUpload(1);
    const chunk = chunkOf([
      ['Lima', 'A', true],
      ['Lima', 'A', true],
      ['Lima', 'B', true, 5],
      ['Cusco', 'A', false],
    ]);
    const r = await applyChunk(id, 0, chunk);
    expect(r.applied).toBe(true);
    expect(r.version).toBe(1);
    expect(await talliesByKey()).toEqual({ 'Lima|A|true': 2, 'Lima|B|true': 5, 'Cusco|A|false': 1 });
    expect(r.cells).toEqual(
      expect.arrayContaining([
        ['', 'Lima', 'A', 'valid', 2],
        ['', 'Lima', 'B', 'valid', 5],
        ['', 'Cusco', '', 'null', 1],
      ]),
    );
    const upload = await getPrisma().upload.findUniqueOrThrow({ where: { id } });
    expect(upload.status).toBe('done');
    expect(upload.rowsAccepted).toBe(4);
    expect(Number(upload.votesAccepted)).toBe(8);
    expect(await getPrisma().voteRecord.count()).toBe(4);
    const rec = await getPrisma().voteRecord.findFirstOrThrow({ where: { rowNumber: 2 } });
    expect(rec.extra).toEqual({ age_group: '18-25' });
    expect(rec.voterId).toMatch(/^\d{8}$/);
  });

  it('stores values with tabs, newlines, backslashes and quotes exactly as read (rows go in by COPY)', async () => {
    const id = await newUpload(1);
    const awkward = { region: 'Lima\tNorte', province: 'C:\\Prov\\N', district: 'line1\nline2\r', candidate: 'O\'Brien "\\N"', voterId: '\\N' };
    const chunk = emptyChunk();
    chunk.row.push(7);
    chunk.region.push(awkward.region);
    chunk.province.push(awkward.province);
    chunk.district.push(awkward.district);
    chunk.candidate.push(awkward.candidate);
    chunk.status.push('valid');
    chunk.votes.push(3);
    chunk.voterId.push(awkward.voterId);
    chunk.extra.push(JSON.stringify({ note: 'a\tb\nc\\d' }));
    await applyChunk(id, 0, chunk);
    const rec = await getPrisma().voteRecord.findFirstOrThrow({ where: { uploadId: id } });
    expect({ region: rec.region, province: rec.province, district: rec.district, candidate: rec.candidate, voterId: rec.voterId }).toEqual(awkward);
    expect(rec.extra).toEqual({ note: 'a\tb\nc\\d' });
    expect(rec.votes).toBe(3);
    expect(await verifyTallies()).toMatchObject({ ok: true });
  });

  it('claims voter ids exactly as read, whatever their characters (sent as array literals built when parsed)', async () => {
    const id = await newUpload(1);
    const ids = ['a "b"\\c', 'NULL', 'null', '', ' x ', 'x,y', '{z}', '40000001', '2f1c-uuid:1.2_3', 'ñandú'];
    await applyChunk(id, 0, chunkOf(ids.map(() => ['Lima', 'A', true] as [string, string, boolean]), ids));
    const claims = await getPrisma().voterClaim.findMany({ where: { uploadId: id }, orderBy: { rowNumber: 'asc' } });
    expect(claims.map((c) => c.voterId)).toEqual(ids);
    // Seen again in a later upload, every one of them is a duplicate.
    const later = await newUpload(1);
    const r = await applyChunk(later, 0, chunkOf(ids.map(() => ['Lima', 'B', true] as [string, string, boolean]), ids));
    expect(r.upload).toMatchObject({ rowsAccepted: 0, rowsRejected: ids.length });
    expect(await talliesByKey()).toEqual({ 'Lima|A|true': ids.length });
  });

  it('a file being read stops at its next chunk once its upload is cancelled (reset, sweep, retraction)', async () => {
    const id = await newUpload(null);
    await stageEncodedChunk(id, 0, 1, encodeChunk(chunkOf([['Lima', 'A', true]]), id));
    await getPrisma().upload.update({ where: { id }, data: { status: 'failed' } });
    await expect(stageEncodedChunk(id, 1, 1, encodeChunk(chunkOf([['Lima', 'A', true]]), id))).rejects.toBeInstanceOf(UploadCancelled);
    expect(await getPrisma().stagedChunk.count({ where: { uploadId: id } })).toBe(1);
  });

  it('the same chunk processed twice changes nothing the second time', async () => {
    const id = await newUpload(2);
    const chunk = chunkOf([
      ['Lima', 'A', true],
      ['Lima', 'B', true],
    ]);
    expect((await applyChunk(id, 0, chunk)).applied).toBe(true);
    const before = { tallies: await talliesByKey(), snap: await getSnapshot(), rows: await getPrisma().voteRecord.count() };
    const again = await applyChunk(id, 0, chunk);
    expect(again.applied).toBe(false);
    expect(await talliesByKey()).toEqual(before.tallies);
    expect(await getSnapshot()).toEqual(before.snap);
    expect(await getPrisma().voteRecord.count()).toBe(before.rows);
    const upload = await getPrisma().upload.findUniqueOrThrow({ where: { id } });
    expect(upload.chunksDone).toBe(1);
    expect(upload.status).toBe('processing');
  });

  it('concurrent deliveries of one chunk apply it exactly once; versions are gapless', async () => {
    const id = await newUpload(3);
    const chunks = [0, 1, 2].map((s) => chunkOf([['R' + s, 'A', true, s + 1], ['Lima', 'A', true]], undefined, 2 + s * 2));
    // Every chunk delivered three times at once, as a retried or stalled job could be.
    const results = await Promise.all(chunks.flatMap((c, s) => [applyChunk(id, s, c), applyChunk(id, s, c), applyChunk(id, s, c)]));
    expect(results.filter((r) => r.applied)).toHaveLength(3);
    expect(results.filter((r) => r.applied).map((r) => r.version).sort()).toEqual([1, 2, 3]);
    expect(await talliesByKey()).toEqual({ 'R0|A|true': 1, 'R1|A|true': 2, 'R2|A|true': 3, 'Lima|A|true': 3 });
    const deltas = await getPrisma().tallyDelta.findMany({ orderBy: { version: 'asc' } });
    expect(deltas.map((d) => Number(d.version))).toEqual([1, 2, 3]);
    expect((await getPrisma().upload.findUniqueOrThrow({ where: { id } })).status).toBe('done');
  });

  it('a failing transaction leaves no trace, so a retry applies it in full', async () => {
    const id = await newUpload(1);
    const bad = chunkOf([['Lima', 'A', true]]);
    bad.votes[0] = 3_000_000_000; // overflows the int column: the insert fails inside the transaction
    await expect(applyChunk(id, 0, bad)).rejects.toThrow();
    expect(await getPrisma().uploadChunk.count()).toBe(0);
    expect(await talliesByKey()).toEqual({});
    expect((await getSnapshot()).version).toBe(0);
    const good = chunkOf([['Lima', 'A', true]]);
    expect((await applyChunk(id, 0, good)).applied).toBe(true);
    expect(await talliesByKey()).toEqual({ 'Lima|A|true': 1 });
  });

  describe('a voter id counts once: the earliest row by (upload order, row number)', () => {
    it('rejects a later row of the same file and of a later upload, and lists them', async () => {
      const a = await newUpload(1);
      const b = await newUpload(1);
      await applyChunk(a, 0, chunkOf([['Lima', 'A', true], ['Lima', 'B', true], ['Lima', 'C', true]], ['X', 'Y', 'X']));
      await applyChunk(b, 0, chunkOf([['Cusco', 'B', true], ['Cusco', 'C', true]], ['Y', 'Z']));
      expect(await talliesByKey()).toEqual({ 'Lima|A|true': 1, 'Lima|B|true': 1, 'Cusco|C|true': 1 });
      const errors = await getPrisma().uploadError.findMany({ orderBy: [{ uploadId: 'asc' }, { row: 'asc' }] });
      expect(errors.find((e) => e.uploadId === a)).toMatchObject({ row: 4, reason: expect.stringMatching(/duplicate voter id X: row 2 of this file/) });
      expect(errors.find((e) => e.uploadId === b)).toMatchObject({ row: 2, reason: expect.stringMatching(/duplicate voter id Y: already counted/) });
      const ua = await getPrisma().upload.findUniqueOrThrow({ where: { id: a } });
      const ub = await getPrisma().upload.findUniqueOrThrow({ where: { id: b } });
      expect([ua.rowsAccepted, ua.rowsRejected, ub.rowsAccepted, ub.rowsRejected]).toEqual([2, 1, 1, 1]);
      expect((await verifyTallies()).ok).toBe(true);
    });

    it('an earlier row applied late takes the vote from the later row: the outcome does not depend on scheduling', async () => {
      const a = await newUpload(1); // accepted first: its row wins
      const b = await newUpload(1);
      await applyChunk(b, 0, chunkOf([['Cusco', 'B', true, 3], ['Cusco', 'C', true]], ['X', 'W']));
      expect(await talliesByKey()).toEqual({ 'Cusco|B|true': 3, 'Cusco|C|true': 1 });
      const r = await applyChunk(a, 0, chunkOf([['Lima', 'A', true]], ['X']));
      expect(await talliesByKey()).toEqual({ 'Lima|A|true': 1, 'Cusco|C|true': 1 });
      expect(r.cells).toEqual(expect.arrayContaining([['', 'Lima', 'A', 'valid', 1], ['', 'Cusco', 'B', 'valid', -3]]));
      expect(r.displacedUploads).toEqual([b]);
      const ub = await getPrisma().upload.findUniqueOrThrow({ where: { id: b } });
      expect([ub.rowsAccepted, ub.rowsRejected, Number(ub.votesAccepted)]).toEqual([1, 1, 1]);
      expect(await getPrisma().uploadError.findMany({ where: { uploadId: b } })).toEqual([
        expect.objectContaining({ row: 2, reason: expect.stringMatching(/duplicate voter id X/) }),
      ]);
      expect((await verifyTallies()).ok).toBe(true);
    });

    it('many overlapping chunks applied concurrently end exactly where sequential application ends', async () => {
      // 3 uploads × 4 chunks × 25 rows, voter ids drawn from a small pool so about half collide.
      let s = 42;
      const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
      const plan: { upload: number; seq: number; chunk: Chunk }[] = [];
      for (let u = 0; u < 3; u++) {
        for (let k = 0; k < 4; k++) {
          const rows: [string, string, boolean][] = [];
          const ids: string[] = [];
          for (let i = 0; i < 25; i++) {
            rows.push([['Lima', 'Cusco', 'Piura'][Math.floor(rand() * 3)], ['A', 'B', 'C'][Math.floor(rand() * 3)], rand() < 0.8]);
            ids.push(`V${Math.floor(rand() * 150)}`);
          }
          plan.push({ upload: u, seq: k, chunk: chunkOf(rows, ids, 2 + k * 25) });
        }
      }
      // Truth, computed independently: walk rows in (upload, row) order, the first occurrence of an id counts.
      const seen = new Set<string>();
      const truth: Record<string, number> = {};
      for (const p of [...plan].sort((x, y) => x.upload - y.upload || x.seq - y.seq)) {
        p.chunk.row.forEach((_, i) => {
          if (seen.has(p.chunk.voterId[i]!)) return;
          seen.add(p.chunk.voterId[i]!);
          const k = `${p.chunk.region[i]}|${p.chunk.candidate[i]}|${p.chunk.status[i] === 'valid'}`;
          truth[k] = (truth[k] ?? 0) + 1;
        });
      }
      const ids = [await newUpload(4), await newUpload(4), await newUpload(4)];
      // Reverse-ish order, all at once: later uploads' chunks tend to commit first and must be displaced.
      const shuffled = [...plan].sort(() => rand() - 0.5);
      const results = await Promise.allSettled(shuffled.map((p) => applyChunk(ids[p.upload], p.seq, p.chunk)));
      // A deadlock between two takeovers aborts one transaction; the worker would retry it: so do we.
      for (const [i, r] of results.entries()) {
        if (r.status === 'rejected') await applyChunk(ids[shuffled[i].upload], shuffled[i].seq, shuffled[i].chunk);
      }
      expect(await talliesByKey()).toEqual(truth);
      expect(await getPrisma().voteRecord.count()).toBe(seen.size);
      expect(await getPrisma().voterClaim.count()).toBe(seen.size);
      const uploads = await getPrisma().upload.findMany();
      expect(uploads.reduce((n, u) => n + u.rowsAccepted, 0)).toBe(seen.size);
      expect(uploads.reduce((n, u) => n + u.rowsRejected, 0)).toBe(300 - seen.size);
      expect(await getPrisma().uploadError.count()).toBe(300 - seen.size);
      expect((await verifyTallies()).ok).toBe(true);
    });
  });

  describe('retraction', () => {
    it('takes exactly the upload out, even with its chunks applied concurrently; later chunks become no-ops', async () => {
      const admin = await getPrisma().user.create({ data: { email: `a${Date.now()}@t`, passwordHash: 'x', role: 'admin' } });
      const keep = await newUpload(1);
      await applyChunk(keep, 0, chunkOf([['Lima', 'A', true, 2], ['Cusco', 'B', false]]));
      const kept = await talliesByKey();
      const gone = await newUpload(6);
      const chunks = Array.from({ length: 6 }, (_, k) => chunkOf([['Lima', 'A', true], ['Lima', 'C', true, 4], ['Piura', 'A', false]], undefined, 2 + k * 3));
      await applyChunk(gone, 0, chunks[0]);
      const racing = Promise.allSettled(chunks.slice(1).map((c, k) => applyChunk(gone, k + 1, c)));
      const r = await retractUpload(gone, admin);
      const settled = await racing;
      expect(r.ok).toBe(true);
      // Every chunk either committed before the retraction (and was taken back by it), or rolled back: because it saw
      // the retraction, or as the victim of a deadlock with it (the worker retries those; the redelivery below does).
      for (const s of settled) {
        if (s.status === 'rejected' && !(s.reason instanceof UploadRetracted)) expect(String(s.reason)).toMatch(/deadlock/);
      }
      // Redelivery after the retraction changes nothing.
      for (const [k, c] of chunks.entries()) {
        await applyChunk(gone, k, c).then((x) => expect(x.applied).toBe(false), (e) => expect(e).toBeInstanceOf(UploadRetracted));
      }
      expect(await talliesByKey()).toEqual(kept);
      expect(await getPrisma().voteRecord.count({ where: { uploadId: gone } })).toBe(0);
      const u = await getPrisma().upload.findUniqueOrThrow({ where: { id: gone } });
      expect(u.status).toBe('retracted');
      expect(u.retractedById).toBe(admin.id);
      const last = await getPrisma().tallyDelta.findFirstOrThrow({ where: { reason: 'retraction' } });
      expect(Number(last.version)).toBe(r.ok && r.delta ? r.delta.version : -1);
      expect((await verifyTallies()).ok).toBe(true);
      expect(await retractUpload(gone, admin)).toMatchObject({ ok: false, code: 'already_retracted' });
    });

    it('frees the voter ids it held, but rows it had blocked stay rejected until uploaded again', async () => {
      const admin = await getPrisma().user.create({ data: { email: `b${Date.now()}@t`, passwordHash: 'x', role: 'admin' } });
      const a = await newUpload(1);
      const b = await newUpload(1);
      await applyChunk(a, 0, chunkOf([['Lima', 'A', true]], ['X']));
      await applyChunk(b, 0, chunkOf([['Lima', 'B', true]], ['X']));
      await retractUpload(a, admin);
      expect(await talliesByKey()).toEqual({});
      const c = await newUpload(1);
      await applyChunk(c, 0, chunkOf([['Lima', 'B', true]], ['X']));
      expect(await talliesByKey()).toEqual({ 'Lima|B|true': 1 });
    });
  });

  it('failing an upload keeps what it counted, drops its staged chunks, and never overrides a retraction', async () => {
    const id = await newUpload(2);
    expect((await applyChunk(id, 0, chunkOf([['Lima', 'A', true]]))).applied).toBe(true);
    await stageChunk(id, 1, chunkOf([['Lima', 'B', true]], undefined, 3));
    await failUpload(id, 'chunk 1 could not be applied');
    const failed = await getPrisma().upload.findUniqueOrThrow({ where: { id } });
    expect(failed.status).toBe('failed');
    expect(failed.errorMessage).toMatch(/^chunk 1 could not be applied; chunks counted before this stay counted/);
    expect(await getPrisma().stagedChunk.count({ where: { uploadId: id } })).toBe(0);
    expect(await talliesByKey()).toEqual({ 'Lima|A|true': 1 });

    const gone = await newUpload(1);
    await getPrisma().upload.update({ where: { id: gone }, data: { status: 'retracted' } });
    await stageChunk(gone, 0, chunkOf([['Lima', 'C', true]]));
    await failUpload(gone, 'late failure');
    expect((await getPrisma().upload.findUniqueOrThrow({ where: { id: gone } })).status).toBe('retracted');
  });
});
