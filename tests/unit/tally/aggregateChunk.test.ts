import { describe, expect, it } from 'vitest';
import type { VoteStatus } from '../../../lib/ingest/types';
import { emptyChunk } from '../../../lib/chunk';
import { aggregateChunk } from '../../../lib/tally/aggregateChunk';

function chunk(rows: [string, string, string, string, VoteStatus, number][]) {
  const c = emptyChunk();
  rows.forEach(([region, province, district, candidate, status, votes], i) => {
    c.row.push(i + 2);
    c.region.push(region);
    c.province.push(province);
    c.district.push(district);
    c.candidate.push(candidate);
    c.status.push(status);
    c.votes.push(votes);
    c.voterId.push(null);
    c.extra.push(null);
  });
  return c;
}

describe('aggregateChunk', () => {
  const c = chunk([
    ['Lima', 'Lima', 'Miraflores', 'B', 'valid', 1],
    ['Lima', 'Lima', 'Miraflores', 'B', 'valid', 1],
    ['Lima', 'Lima', 'Barranco', 'B', 'valid', 3],
    ['Lima', 'Lima', 'Barranco', 'A', 'null', 2],
    ['Lima', 'Lima', 'Barranco', '', 'blank', 4],
    ['Cusco', '', '', 'A', 'valid', 1],
  ]);

  it('sums one increment per full tally key, keys sorted', () => {
    const { increments } = aggregateChunk(c);
    const keys = increments.region.map((r, i) =>
      [r, increments.province[i], increments.district[i], increments.candidate[i], increments.status[i], increments.votes[i]].join('|'),
    );
    expect(keys).toEqual([
      'Cusco|||A|valid|1',
      'Lima|Lima|Barranco||blank|4',
      'Lima|Lima|Barranco|A|null|2',
      'Lima|Lima|Barranco|B|valid|3',
      'Lima|Lima|Miraflores|B|valid|2',
    ]);
  });

  it('region-level cells put blank and null votes under no candidate, each status apart', () => {
    const { cells, votes } = aggregateChunk(c);
    expect(new Set(cells.map((x) => x.join('|')))).toEqual(new Set(['Lima|B|valid|5', 'Lima||null|2', 'Lima||blank|4', 'Cusco|A|valid|1']));
    expect(votes).toBe(12);
  });

  it('negative sign takes exactly the same amounts away', () => {
    const plus = aggregateChunk(c);
    const minus = aggregateChunk(c, -1);
    expect(minus.increments.votes).toEqual(plus.increments.votes.map((n) => -n));
    expect(minus.votes).toBe(-plus.votes);
  });

  it('an empty chunk changes nothing', () => {
    const { increments, cells } = aggregateChunk(emptyChunk());
    expect(increments.region).toEqual([]);
    expect(cells).toEqual([]);
  });
});
