import { describe, expect, it } from 'vitest';
import { TallySums, type TallyEntry } from '../../../lib/tally/aggregateChunk';

/** [region, province, district, candidate, status, votes] of the default contest. */
type Row = TallyEntry extends [string, ...infer R] ? R : never;

/** The rows' votes summed, added one by one as a parse thread does (sign -1: taken away). */
function sumsOf(rows: Row[], sign: 1 | -1 = 1) {
  const sums = new TallySums();
  for (const [region, province, district, candidate, status, votes] of rows) sums.add('', region, province, district, candidate, status, votes * sign);
  return sums.aggregate();
}

describe('TallySums', () => {
  const c: Row[] = [
    ['Lima', 'Lima', 'Miraflores', 'B', 'valid', 1],
    ['Lima', 'Lima', 'Miraflores', 'B', 'valid', 1],
    ['Lima', 'Lima', 'Barranco', 'B', 'valid', 3],
    ['Lima', 'Lima', 'Barranco', 'A', 'null', 2],
    ['Lima', 'Lima', 'Barranco', '', 'blank', 4],
    ['Cusco', '', '', 'A', 'valid', 1],
  ];
  it('sums one increment per full tally key, keys sorted', () => {
    const { increments } = sumsOf(c);
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
    const { cells, votes } = sumsOf(c);
    expect(new Set(cells.map((x) => x.join('|')))).toEqual(new Set(['|Lima|B|valid|5', '|Lima||null|2', '|Lima||blank|4', '|Cusco|A|valid|1']));
    expect(votes).toBe(12);
  });

  it('negative sign takes exactly the same amounts away', () => {
    const plus = sumsOf(c);
    const minus = sumsOf(c, -1);
    expect(minus.increments.votes).toEqual(plus.increments.votes.map((n) => -n));
    expect(minus.votes).toBe(-plus.votes);
  });

  it('an empty chunk changes nothing', () => {
    const { increments, cells } = sumsOf([]);
    expect(increments.region).toEqual([]);
    expect(cells).toEqual([]);
  });
});
