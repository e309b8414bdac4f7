import { describe, expect, it } from 'vitest';
import { emptyChunk, pushRow, type Chunk } from '../../../lib/chunk';
import type { VoteStatus } from '../../../lib/ingest/types';
import { TallySums } from '../../../lib/tally/aggregateChunk';
import { prepareChunk } from '../../../lib/tally/prepareChunk';

const U = '2f0a4c3e-8a51-4b9e-9c1d-6a7e5b3c2d10';

type R = [row: number, region: string, candidate: string, status: VoteStatus, votes: number, voterId: string | null];

function chunkOf(rows: R[]): Chunk {
  const c = emptyChunk();
  for (const [row, region, candidate, status, votes, voterId] of rows) {
    pushRow(c, { row, contest: '', station: '', region, province: 'P', district: 'D', candidate, status, votes, voterId, extra: null });
  }
  return c;
}

describe('prepareChunk', () => {
  it('keeps the earliest row of a voter id within the chunk, even when rows come out of order', () => {
    const p = prepareChunk(chunkOf([
        [5, 'Lima', 'A', 'valid', 1, 'X'],
        [3, 'Lima', 'B', 'valid', 1, 'X'],
        [7, 'Lima', 'B', 'valid', 1, 'X'],
        [8, 'Cusco', 'A', 'valid', 2, null],
        [9, 'Cusco', 'A', 'valid', 1, 'Y'],
      ]),
      U,
    );
    expect(p.rows).toBe(5);
    expect(p.duplicates).toEqual([
      { row: 5, reason: 'duplicate voter id X: row 3 of this file counts' },
      { row: 7, reason: 'duplicate voter id X: row 3 of this file counts' },
    ]);
    expect(String(p.copy).split('\n').filter(Boolean).map((l) => Number(l.split('\t')[1]))).toEqual([3, 8, 9]);
    expect(p.voterIds).toBe('{X,Y}');
    expect(p.voterRows).toBe('{3,9}');
    // The sums are those of the rows that may count (row 3: B; not the duplicates' A).
    expect(TallySums.of(p.sums).aggregate().cells).toEqual(
      expect.arrayContaining([
        ['', 'Lima', 'B', 'valid', 1],
        ['', 'Cusco', 'A', 'valid', 3],
      ]),
    );
    expect(TallySums.of(p.sums).votes).toBe(4);
  });

  it('quotes voter ids so Postgres reads them back as the same text', () => {
    const p = prepareChunk(chunkOf([[2, 'Lima', 'A', 'valid', 1, 'a "b"\\c'], [3, 'Lima', 'A', 'valid', 1, 'NULL'], [4, 'Lima', 'A', 'valid', 1, '']]), U);
    expect(p.voterIds).toBe('{"a \\"b\\"\\\\c","NULL",""}');
  });

  it('escapes text for COPY and puts the upload id in front of every line', () => {
    const c = chunkOf([[2, 'Li\tma\\', 'A\nB', 'valid', 1, null]]);
    c.extra[0] = '{"k":"v"}';
    const p = prepareChunk(c, U);
    // The contest and station columns come last ("" and "" here).
    expect(p.copy).toBe(`${U}\t2\tLi\\tma\\\\\tP\tD\tA\\nB\tvalid\t1\t\\N\t{"k":"v"}\t\t\n`);
    const two = prepareChunk(chunkOf([[2, 'Lima', 'A', 'valid', 1, null], [3, 'Lima', 'B', 'valid', 1, null]]), U);
    expect(two.copy).toBe(`${U}\t2\tLima\tP\tD\tA\tvalid\t1\t\\N\t\\N\t\t\n${U}\t3\tLima\tP\tD\tB\tvalid\t1\t\\N\t\\N\t\t\n`);
    expect(prepareChunk(emptyChunk(), U).copy).toBe('');
  });

  it('sums adjusted for rows taken away equal the sums of the rows left', () => {
    const rows: R[] = [
      [2, 'Lima', 'A', 'valid', 1, null],
      [3, 'Lima', 'B', 'valid', 4, null],
      [4, 'Lima', '', 'blank', 2, null],
      [5, 'Cusco', 'A', 'null', 1, null],
    ];
    const sums = TallySums.of(prepareChunk(chunkOf(rows), U).sums);
    sums.add('', 'Lima', 'P', 'D', 'B', 'valid', -4);
    sums.add('', 'Cusco', 'P', 'D', 'A', 'null', -1);
    expect(sums.aggregate()).toEqual(TallySums.of(prepareChunk(chunkOf([rows[0], rows[2]]), U).sums).aggregate());
  });
});
