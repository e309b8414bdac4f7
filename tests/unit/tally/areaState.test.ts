import { describe, expect, it } from 'vitest';
import type { AreaCell } from '../../../lib/events';
import { applyAreaDelta, areaStateFromSnapshot } from '../../../lib/tally/tallyState';

const cell = (district: string, votes: number): AreaCell => ['Lima', 'Lima', district, 'Ana', 'valid', votes];

describe('area state (drill-down views)', () => {
  const start = areaStateFromSnapshot({ contest: '', region: 'Lima', version: 10, updatedAt: null, cells: [cell('Surco', 5)] });

  it('applies a push whose previous change the client has, even though versions skipped', () => {
    const next = applyAreaDelta(start, { contest: '', region: 'Lima', after: 7, to: 14, updatedAt: 't', cells: [cell('Surco', 2), cell('Rimac', 1)] });
    expect(next).not.toBe('resync');
    const s = next as Exclude<typeof next, 'resync'>;
    expect(s.version).toBe(14);
    expect([...s.cells.values()]).toEqual([cell('Surco', 7), cell('Rimac', 1)]);
  });

  it('asks to resync when a push for the region was missed, and ignores old or other-region pushes', () => {
    expect(applyAreaDelta(start, { contest: '', region: 'Lima', after: 12, to: 15, updatedAt: 't', cells: [cell('Surco', 1)] })).toBe('resync');
    expect(applyAreaDelta(start, { contest: '', region: 'Lima', after: 3, to: 9, updatedAt: 't', cells: [cell('Surco', 1)] })).toBe(start);
    expect(applyAreaDelta(start, { contest: '', region: 'Cusco', after: 0, to: 20, updatedAt: 't', cells: [] })).toBe(start);
  });
});
