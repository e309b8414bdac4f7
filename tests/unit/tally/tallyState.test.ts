import { describe, it, expect } from 'vitest';
import type { TallyDelta, TallySnapshot } from '../../../lib/events';
import { applyDelta, cellsOf, stateFromSnapshot, type TallyState } from '../../../lib/tally/tallyState';

const AT = '2026-11-23T10:00:00.000Z';

function delta(from: number, to: number, cells: TallyDelta['cells'], updatedAt = AT): TallyDelta {
  return { contest: '', from, to, updatedAt, cells };
}

function applied(state: TallyState, d: TallyDelta): TallyState {
  const next = applyDelta(state, d);
  if (next === 'resync') throw new Error(`unexpected resync for ${d.from}→${d.to} at ${state.version}`);
  return next;
}

/** Cells as a sorted plain list so Map order does not matter. */
function sortedCells(state: TallyState) {
  return cellsOf(state).sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]) || a[2].localeCompare(b[2]));
}

const snapshot: TallySnapshot = {
  contest: '',
  version: 3,
  updatedAt: '2026-11-23T09:00:00.000Z',
  cells: [
    ['Norte', 'Ana', 'valid', 10],
    ['Norte', '', 'null', 2],
    ['Sur', 'Beto', 'valid', 4],
  ],
};

describe('stateFromSnapshot', () => {
  it('keeps version, time and cells', () => {
    const s = stateFromSnapshot(snapshot);
    expect(s.version).toBe(3);
    expect(s.updatedAt).toBe('2026-11-23T09:00:00.000Z');
    expect(sortedCells(s)).toEqual([
      ['Norte', '', 'null', 2],
      ['Norte', 'Ana', 'valid', 10],
      ['Sur', 'Beto', 'valid', 4],
    ]);
  });

  it('drops empty cells', () => {
    const s = stateFromSnapshot({ contest: '', version: 1, updatedAt: null, cells: [['Norte', 'Ana', 'valid', 0]] });
    expect(cellsOf(s)).toEqual([]);
  });

  it('keeps the valid and invalid cells of the same candidate apart', () => {
    const s = stateFromSnapshot({
      contest: '',
      version: 1,
      updatedAt: null,
      cells: [
        ['Norte', 'Ana', 'valid', 5],
        ['Norte', 'Ana', 'null', 1],
      ],
    });
    expect(s.cells.size).toBe(2);
  });
});

describe('applyDelta', () => {
  it('applies deltas in order, adding votes per cell', () => {
    let s = stateFromSnapshot(snapshot);
    s = applied(s, delta(3, 4, [['Norte', 'Ana', 'valid', 5]]));
    s = applied(s, delta(4, 5, [['Centro', 'Ana', 'valid', 1], ['Norte', '', 'null', 1]], '2026-11-23T10:05:00.000Z'));
    expect(s.version).toBe(5);
    expect(s.updatedAt).toBe('2026-11-23T10:05:00.000Z');
    expect(sortedCells(s)).toEqual([
      ['Centro', 'Ana', 'valid', 1],
      ['Norte', '', 'null', 3],
      ['Norte', 'Ana', 'valid', 15],
      ['Sur', 'Beto', 'valid', 4],
    ]);
  });

  it('returns a new state and leaves the old one untouched', () => {
    const before = stateFromSnapshot(snapshot);
    const after = applied(before, delta(3, 4, [['Norte', 'Ana', 'valid', 5]]));
    expect(after).not.toBe(before);
    expect(after.cells).not.toBe(before.cells);
    expect(before.version).toBe(3);
    expect(before.cells.get('Norte\u0000Ana\u0000valid')).toEqual(['Norte', 'Ana', 'valid', 10]);
  });

  it('ignores a duplicate delta', () => {
    const s = applied(stateFromSnapshot(snapshot), delta(3, 4, [['Norte', 'Ana', 'valid', 5]]));
    expect(applyDelta(s, delta(3, 4, [['Norte', 'Ana', 'valid', 5]]))).toBe(s);
  });

  it('ignores a delta older than the state', () => {
    const s = stateFromSnapshot(snapshot);
    expect(applyDelta(s, delta(1, 2, [['Norte', 'Ana', 'valid', 99]]))).toBe(s);
    expect(applyDelta(s, delta(0, 3, [['Norte', 'Ana', 'valid', 99]]))).toBe(s);
  });

  it('asks for a resync when a delta skips versions', () => {
    const s = stateFromSnapshot(snapshot);
    expect(applyDelta(s, delta(4, 5, [['Norte', 'Ana', 'valid', 1]]))).toBe('resync');
  });

  it('asks for a resync when a coalesced delta overlaps what the state already has', () => {
    const s = stateFromSnapshot(snapshot);
    expect(applyDelta(s, delta(2, 5, [['Norte', 'Ana', 'valid', 1]]))).toBe('resync');
  });

  it('applies a coalesced delta that starts at the state version', () => {
    const s = applied(stateFromSnapshot(snapshot), delta(3, 9, [['Sur', 'Beto', 'valid', 6], ['Sur', 'Ana', 'valid', 2]]));
    expect(s.version).toBe(9);
    expect(s.cells.get('Sur\u0000Beto\u0000valid')?.[3]).toBe(10);
    expect(s.cells.get('Sur\u0000Ana\u0000valid')?.[3]).toBe(2);
  });

  it('subtracts negative deltas and drops cells that reach zero', () => {
    let s = stateFromSnapshot(snapshot);
    s = applied(s, delta(3, 4, [['Norte', 'Ana', 'valid', -3], ['Sur', 'Beto', 'valid', -4]]));
    expect(s.cells.get('Norte\u0000Ana\u0000valid')?.[3]).toBe(7);
    expect(s.cells.has('Sur\u0000Beto\u0000valid')).toBe(false);
    expect(cellsOf(s)).toHaveLength(2);
  });

  it('treats a zero-vote delta as a version step only', () => {
    const before = stateFromSnapshot(snapshot);
    const after = applied(before, delta(3, 4, [['Oeste', 'Ana', 'valid', 0]]));
    expect(after.version).toBe(4);
    expect(sortedCells(after)).toEqual(sortedCells(before));
  });

  it('applies a delta to the empty state at version 0', () => {
    const s = applied(stateFromSnapshot({ contest: '', version: 0, updatedAt: null, cells: [] }), delta(0, 1, [['Norte', 'Ana', 'valid', 1]]));
    expect(cellsOf(s)).toEqual([['Norte', 'Ana', 'valid', 1]]);
  });
});
