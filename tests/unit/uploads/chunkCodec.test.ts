import { describe, expect, it } from 'vitest';
import { emptyChunk, pushRow, type Chunk } from '../../../lib/chunk';
import { decodeChunk, encodeChunk } from '../../../lib/uploads/chunkCodec';

function sample(): Chunk {
  const c = emptyChunk();
  pushRow(c, { row: 2, region: 'Áncash', province: 'Huaraz', district: 'Independencia', candidate: 'A', status: 'valid', votes: 1, voterId: '40000001', extra: null });
  pushRow(c, { row: 3, region: 'Áncash', province: 'Huaraz', district: 'Independencia', candidate: '', status: 'blank', votes: 1, voterId: null, extra: '{"age":"18-25"}' });
  // A gap (a rejected row between) and a value equal to another column's.
  pushRow(c, { row: 9, region: 'Lima', province: 'Lima', district: 'Lima', candidate: 'A', status: 'null', votes: 250, voterId: '40000009', extra: null });
  pushRow(c, { row: 10, region: '__proto__', province: 'constructor', district: '', candidate: 'toString', status: 'valid', votes: 0, voterId: '', extra: null });
  return c;
}

describe('chunkCodec', () => {
  it('round-trips every column exactly', () => {
    const c = sample();
    expect(decodeChunk(encodeChunk(c))).toEqual(c);
    expect(decodeChunk(encodeChunk(emptyChunk()))).toEqual(emptyChunk());
  });

  it('writes repeated text once', () => {
    const c = emptyChunk();
    for (let i = 0; i < 1000; i++) {
      pushRow(c, { row: i + 2, region: 'Región de Lambayeque', province: 'Chiclayo', district: 'José Leonardo Ortiz', candidate: 'Candidata Número Uno', status: 'valid', votes: 1, voterId: null, extra: null });
    }
    const encoded = encodeChunk(c);
    expect(encoded.split('José Leonardo Ortiz')).toHaveLength(2);
    expect(encoded.length).toBeLessThan(JSON.stringify(c).length / 4);
  });

  it('still reads the plain chunk JSON staged before this encoding existed', () => {
    const c = sample();
    expect(decodeChunk(JSON.stringify(c))).toEqual(c);
  });
});
