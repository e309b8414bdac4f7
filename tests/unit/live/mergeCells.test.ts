import { describe, expect, it } from 'vitest';
import type { TallyCell } from '../../../lib/events';
import { mergeCells } from '../../../lib/live/mergeCells';

describe('mergeCells (server-side coalescing of deltas)', () => {
  it('adds deltas per cell so one coalesced delta equals the sequence', () => {
    const m = new Map<string, TallyCell>();
    mergeCells(m, [['Lima', 'A', 1, 2], ['Lima', '', 0, 1]]);
    mergeCells(m, [['Lima', 'A', 1, 3], ['Cusco', 'A', 1, 1]]);
    mergeCells(m, [['Lima', '', 0, -1]]);
    expect([...m.values()]).toEqual([
      ['Lima', 'A', 1, 5],
      ['Lima', '', 0, 0],
      ['Cusco', 'A', 1, 1],
    ]);
  });

  it('does not mutate the cells it was given', () => {
    const cell: TallyCell = ['Lima', 'A', 1, 2];
    const m = new Map<string, TallyCell>();
    mergeCells(m, [cell]);
    mergeCells(m, [cell]);
    expect(cell).toEqual(['Lima', 'A', 1, 2]);
    expect(m.get('Lima\u0000A\u00001')).toEqual(['Lima', 'A', 1, 4]);
  });
});
