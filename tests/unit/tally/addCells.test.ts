import { describe, expect, it } from 'vitest';
import type { TallyCell } from '../../../lib/events';
import { addCells } from '../../../lib/tally/addCells';

describe('addCells (server-side coalescing and browser application)', () => {
  it('adds changes per cell so one coalesced delta equals the sequence, dropping cells that net to zero', () => {
    const m = new Map<string, TallyCell>();
    addCells(m, [['Lima', 'A', 'valid', 2], ['Lima', '', 'null', 1]]);
    addCells(m, [['Lima', 'A', 'valid', 3], ['Cusco', 'A', 'valid', 1]]);
    addCells(m, [['Lima', '', 'null', -1]]);
    expect([...m.values()]).toEqual([
      ['Lima', 'A', 'valid', 5],
      ['Cusco', 'A', 'valid', 1],
    ]);
  });

  it('keeps valid and invalid votes of one region apart and never mutates its input', () => {
    const cell: TallyCell = ['Lima', 'A', 'valid', 2];
    const m = new Map<string, TallyCell>();
    addCells(m, [cell, cell, ['Lima', 'A', 'null', 1]]);
    expect(cell).toEqual(['Lima', 'A', 'valid', 2]);
    expect([...m.values()]).toEqual([['Lima', 'A', 'valid', 4], ['Lima', 'A', 'null', 1]]);
  });

  it('keeps a negative total (a retraction arriving first) so the later sum stays exact', () => {
    const m = new Map<string, TallyCell>();
    addCells(m, [['Lima', 'A', 'valid', -3]]);
    addCells(m, [['Lima', 'A', 'valid', 5]]);
    expect([...m.values()]).toEqual([['Lima', 'A', 'valid', 2]]);
  });
});
