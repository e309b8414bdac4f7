import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { disconnectPrisma, getPrisma } from '../../lib/db';
import { emptyChunk, type Chunk } from '../../lib/queue';
import { getSnapshot } from '../../lib/results/getSnapshot';
import { applyChunk } from '../../lib/tally/applyChunk';
import { resetState } from '../support/resetState';

function chunkOf(rows: [region: string, candidate: string, valid: boolean, votes?: number][]): Chunk {
  const c = emptyChunk();
  rows.forEach(([region, candidate, valid, votes], i) => {
    c.row.push(i + 2);
    c.region.push(region);
    c.province.push('P');
    c.district.push('D');
    c.candidate.push(candidate);
    c.valid.push(valid);
    c.votes.push(votes ?? 1);
    c.voterId.push(String(10_000_000 + i));
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
  return Object.fromEntries(rows.map((r) => [`${r.region}|${r.candidate}|${r.valid}`, Number(r.votes)]));
}

describe('applyChunk against real Postgres', () => {
  beforeAll(async () => {
    await resetState(process.env.DATABASE_URL!, process.env.REDIS_URL!, process.env.QUEUE_PREFIX!);
  });
  beforeEach(async () => {
    const prisma = getPrisma();
    await prisma.$executeRawUnsafe('TRUNCATE upload, upload_chunk, vote_record, tally, tally_delta CASCADE');
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
        ['Lima', 'A', 1, 2],
        ['Lima', 'B', 1, 5],
        ['Cusco', '', 0, 1],
      ]),
    );
    const upload = await getPrisma().upload.findUniqueOrThrow({ where: { id } });
    expect(upload.status).toBe('done');
    expect(upload.rowsAccepted).toBe(4);
    expect(Number(upload.votesAccepted)).toBe(8);
    expect(await getPrisma().voteRecord.count()).toBe(4);
    const rec = await getPrisma().voteRecord.findFirstOrThrow({ where: { rowNumber: 2 } });
    expect(rec.extra).toEqual({ age_group: '18-25' });
    expect(rec.voterId).toBe('10000000');
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
    const chunks = [0, 1, 2].map((s) => chunkOf([['R' + s, 'A', true, s + 1], ['Lima', 'A', true]]));
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
});
