// The browser's copy of the region-level tally, kept in step with the server by versioned deltas.
// Pure functions, no React: the dashboard holds one TallyState and swaps it for the value these return.
import type { AreaCell, AreaDelta, AreaSnapshot, TallyCell, TallyDelta, TallySnapshot } from '../events';
import { addCells, cellKey } from './addCells';

export { cellKey };

export interface TallyState {
  /** The contest this state is of: deltas of other contests are not applied. */
  contest: string;
  version: number;
  updatedAt: string | null;
  /** Keyed by cellKey(); a cell whose votes reach 0 is removed. */
  cells: Map<string, TallyCell>;
}

export function emptyState(contest = ''): TallyState {
  return { contest, version: 0, updatedAt: null, cells: new Map() };
}

export function stateFromSnapshot(s: TallySnapshot): TallyState {
  const cells = new Map<string, TallyCell>();
  // A well-formed snapshot has each key once; summing keeps a malformed one exact rather than lossy.
  addCells(cells, s.cells);
  return { contest: s.contest, version: s.version, updatedAt: s.updatedAt, cells };
}

/**
 * Applies a delta that starts exactly at the state's version.
 * - another contest's delta, or delta.to <= version: not ours, or already seen (duplicate or late) → the same state object.
 * - delta.from === version: applied → a new state at delta.to.
 * - otherwise (a gap, or a coalesced delta overlapping what we have): we cannot apply it exactly → 'resync'.
 */
export function applyDelta(state: TallyState, delta: TallyDelta): TallyState | 'resync' {
  if (delta.contest !== state.contest || delta.to <= state.version) return state;
  if (delta.from !== state.version) return 'resync';

  const cells = new Map(state.cells);
  addCells(cells, delta.cells);
  return { contest: state.contest, version: delta.to, updatedAt: delta.updatedAt, cells };
}

export function cellsOf(state: TallyState): TallyCell[] {
  return Array.from(state.cells.values());
}

/** The browser's copy of everything under one region (a drill-down view), kept in step by area deltas. */
export interface AreaState {
  contest: string;
  region: string;
  version: number;
  updatedAt: string | null;
  cells: Map<string, AreaCell>;
}

export function areaStateFromSnapshot(s: AreaSnapshot): AreaState {
  const cells = new Map<string, AreaCell>();
  addCells(cells, s.cells);
  return { contest: s.contest, region: s.region, version: s.version, updatedAt: s.updatedAt, cells };
}

/**
 * Area deltas only come when something under the region changed, so versions skip; `after` says which version the
 * previous push for this region reached. Already seen → same state; a missed push (after > version) → 'resync'.
 */
export function applyAreaDelta(state: AreaState, delta: AreaDelta): AreaState | 'resync' {
  if (delta.contest !== state.contest || delta.region !== state.region || delta.to <= state.version) return state;
  if (delta.after > state.version) return 'resync';
  const cells = new Map(state.cells);
  addCells(cells, delta.cells);
  return { contest: state.contest, region: state.region, version: delta.to, updatedAt: delta.updatedAt, cells };
}
