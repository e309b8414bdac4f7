import { describe, expect, it } from 'vitest';
import { emptyChunk } from '../../../lib/queue';
import { aggregateChunk } from '../../../lib/tally/aggregateChunk';

function chunk(rows: [string, string, string, string, boolean, number][]) {
  const c = emptyChunk();
  rows.forEach(([region, province, district, candidate, valid, votes], i) => {
    c.row.push(i + 2);
    c.region.push(region);
    c.province.push(province);
    c.district.push(district);
    c.candidate.push(candidate);
    c.valid.push(valid);
    c.votes.push(votes);
    c.voterId.push(null);
    c.extra.push(null);
  });
  return c;
}

describe('aggregateChunk', () => {
  const c = chunk([
    ['Lima', 'Lima', 'Miraflores', 'B', true, 1],
    ['Lima', 'Lima', 'Miraflores', 'B', true, 1],
    ['Lima', 'Lima', 'Barranco', 'B', true, 3],
    ['Lima', 'Lima', 'Barranco', 'A', false, 2],
    ['Cusco', '', '', 'A', true, 1],
  ]);

  it('sums one increment per full tally key, keys sorted', () => {
    const { increments } = aggregateChunk(c);
    const keys = increments.region.map((r, i) =>
      [r, increments.province[i], increments.district[i], increments.candidate[i], increments.valid[i], increments.votes[i]].join('|'),
    );
    expect(keys).toEqual([
      'Cusco|||A|true|1',
      'Lima|Lima|Barranco|A|false|2',
      'Lima|Lima|Barranco|B|true|3',
      'Lima|Lima|Miraflores|B|true|2',
    ]);
  });

  it('region-level cells put invalid votes under no candidate', () => {
    const { cells, rows, votes } = aggregateChunk(c);
    expect(new Set(cells.map((x) => x.join('|')))).toEqual(new Set(['Lima|B|1|5', 'Lima||0|2', 'Cusco|A|1|1']));
    expect(rows).toBe(5);
    expect(votes).toBe(8);
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
