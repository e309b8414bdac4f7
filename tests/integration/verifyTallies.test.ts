import { stageChunk } from '../../lib/uploads/stagedChunks';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disconnectPrisma, getPrisma } from '../../lib/db';
import { emptyChunk } from '../../lib/chunk';
import { applyChunk } from '../../lib/tally/applyChunk';
import { prepareChunk } from '../../lib/tally/prepareChunk';
import { verifyTallies } from '../../lib/tally/verifyTallies';
import { resetState } from '../support/resetState';

describe('verifyTallies: tallies recomputed from raw rows', () => {
  beforeAll(async () => {
    await resetState(process.env.DATABASE_URL!, process.env.REDIS_URL!, process.env.QUEUE_PREFIX!);
    const u = await getPrisma().upload.create({ data: { filename: 'v.csv', sha256: randomUUID(), sizeBytes: 1n, chunksTotal: 1 } });
    const c = emptyChunk();
    for (const [i, [region, candidate, status, votes]] of ([
      ['Lima', 'A', 'valid', 3],
      ['Lima', 'B', 'valid', 1],
      ['Cusco', '', 'blank', 2],
    ] as const).entries()) {
      c.row.push(i + 2);
      c.region.push(region);
      c.province.push('');
      c.district.push('');
      c.candidate.push(candidate);
      c.status.push(status);
      c.votes.push(votes);
      c.voterId.push(null);
      c.extra.push(null);
    }
    await stageChunk(u.id, 0, c);
    await applyChunk(u.id, 0, prepareChunk(c, u.id));
  });
  afterAll(disconnectPrisma);

  it('reports ok when tallies equal the stored rows', async () => {
    const r = await verifyTallies();
    expect(r).toMatchObject({ ok: true, tallyVotes: 6, recordVotes: 6, differences: [] });
  });

  it('finds a tally that drifted from its rows, and a tally with no rows at all', async () => {
    const prisma = getPrisma();
    await prisma.$executeRaw`UPDATE tally SET votes = votes + 1 WHERE region = 'Lima' AND candidate = 'A'`;
    await prisma.$executeRaw`INSERT INTO tally (region, province, district, candidate, status, votes) VALUES ('Piura', '', '', 'C', 'valid', 5)`;
    const r = await verifyTallies();
    expect(r.ok).toBe(false);
    expect(r.differences).toEqual([
      { contest: '', region: 'Lima', province: '', district: '', candidate: 'A', status: 'valid', tally: 4, records: 3 },
      { contest: '', region: 'Piura', province: '', district: '', candidate: 'C', status: 'valid', tally: 5, records: 0 },
    ]);
  });
});
