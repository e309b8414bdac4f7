import { describe, expect, it } from 'vitest';
import { emptyChunk, pushRow, type Chunk } from '../../../lib/chunk';
import { prepareChunk, type PreparedChunk } from '../../../lib/tally/prepareChunk';
import { decodeChunk, encodeChunk } from '../../../lib/uploads/chunkCodec';

const U = '2f0a4c3e-8a51-4b9e-9c1d-6a7e5b3c2d10';

function sample(): Chunk {
  const c = emptyChunk();
  pushRow(c, { contest: '', station: '', row: 2, region: 'Áncash', province: 'Huaraz', district: 'Independencia', candidate: 'A', status: 'valid', votes: 1, voterId: '40000001', extra: null });
  pushRow(c, { contest: '', station: '', row: 3, region: 'Áncash', province: 'Huaraz', district: 'Independencia', candidate: '', status: 'blank', votes: 1, voterId: null, extra: '{"age":"18-25"}' });
  // A gap (a rejected row between) and a value equal to another column's.
  pushRow(c, { contest: '', station: '', row: 9, region: 'Lima', province: 'Lima', district: 'Lima', candidate: 'A', status: 'null', votes: 250, voterId: '40000009', extra: null });
  pushRow(c, { contest: '', station: '', row: 10, region: '__proto__', province: 'constructor', district: '', candidate: 'toString', status: 'valid', votes: 0, voterId: '', extra: null });
  return c;
}

describe('chunkCodec', () => {
  it('stages the prepared chunk and reads it back exactly', () => {
    const c = sample();
    const same = (a: PreparedChunk, b: PreparedChunk) => expect({ ...a, copy: String(a.copy) }).toEqual({ ...b, copy: String(b.copy) });
    same(decodeChunk(encodeChunk(c, U), U), prepareChunk(c, U));
    same(decodeChunk(encodeChunk(emptyChunk(), U), U), prepareChunk(emptyChunk(), U));
  });

  it('still reads the dictionary form and the plain chunk JSON staged by earlier versions', () => {
    const c = sample();
    expect(decodeChunk(Buffer.from(JSON.stringify(c)), U)).toEqual(prepareChunk(c, U));
    const dict = ['Áncash', 'Huaraz', 'Independencia', 'A', 'valid', '', 'blank', 'Lima', 'null', '__proto__', 'constructor', 'toString'];
    const v2 = {
      v: 2,
      dict,
      row: [2, 1, 6, 1],
      region: [0, 0, 7, 9],
      province: [1, 1, 7, 10],
      district: [2, 2, 7, 5],
      candidate: [3, 5, 3, 11],
      status: [4, 6, 8, 4],
      votes: c.votes,
      voterId: c.voterId,
      extra: c.extra,
    };
    expect(decodeChunk(Buffer.from(JSON.stringify(v2)), U)).toEqual(prepareChunk(c, U));
  });
});
