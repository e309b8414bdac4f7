// Property-style check: any sequence of deltas, applied one by one (some coalesced, some repeated),
import type { VoteStatus } from '../../../lib/ingest/types';
// summarizes exactly like the plain sum of all the changes.
import { describe, it, expect } from 'vitest';
import type { TallyCell, TallyDelta } from '../../../lib/events';
import { summarizeCells } from '../../../lib/results/summarizeCells';
import { applyDelta, cellKey, cellsOf, stateFromSnapshot, type TallyState } from '../../../lib/tally/tallyState';

import { rng } from '../../support/fixtures';

const REGIONS = ['Norte', 'Sur', 'Ávila', 'Centro', 'Éste'];
const CANDIDATES = ['Ana', 'Beto', 'Carla', 'Ñandú', 'ana'];

function randomStep(next: () => number, totals: Map<string, TallyCell>): TallyCell[] {
  const step = new Map<string, TallyCell>();
  const n = 1 + Math.floor(next() * 6);
  for (let i = 0; i < n; i++) {
    const region = REGIONS[Math.floor(next() * REGIONS.length)];
    const roll = next();
    const status: VoteStatus = roll < 0.8 ? 'valid' : roll < 0.9 ? 'blank' : 'null';
    const candidate = status === 'valid' ? CANDIDATES[Math.floor(next() * CANDIDATES.length)] : next() < 0.5 ? '' : 'Ana';
    const key = cellKey(region, candidate, status);
    const current = (totals.get(key)?.[3] ?? 0) + (step.get(key)?.[3] ?? 0);
    // Mostly additions; sometimes a retraction of part (or all) of what the cell holds.
    const change = current > 0 && next() < 0.25 ? -(1 + Math.floor(next() * current)) : 1 + Math.floor(next() * 50);
    step.set(key, [region, candidate, status, (step.get(key)?.[3] ?? 0) + change]);
  }
  return Array.from(step.values());
}

function addInto(totals: Map<string, TallyCell>, cells: TallyCell[]) {
  for (const [region, candidate, valid, votes] of cells) {
    const key = cellKey(region, candidate, valid);
    totals.set(key, [region, candidate, valid, (totals.get(key)?.[3] ?? 0) + votes]);
  }
}

/** Merges consecutive one-version steps into one delta, as the server does when it coalesces a burst. */
function coalesce(steps: TallyCell[][], from: number, updatedAt: string): TallyDelta {
  const merged = new Map<string, TallyCell>();
  for (const step of steps) addInto(merged, step);
  return { contest: '', from, to: from + steps.length, updatedAt, cells: Array.from(merged.values()) };
}

describe('replaying random deltas', () => {
  for (const seed of [1, 2, 3, 42, 1234, 99991]) {
    it(`matches the summed cells (seed ${seed})`, () => {
      const next = rng(seed);
      const expected = new Map<string, TallyCell>();
      let state: TallyState = stateFromSnapshot({ contest: '', version: 0, updatedAt: null, cells: [] });
      let version = 0;
      let lastDelta: TallyDelta | null = null;

      for (let i = 0; i < 200; i++) {
        const stepCount = next() < 0.3 ? 2 + Math.floor(next() * 4) : 1;
        const steps: TallyCell[][] = [];
        for (let k = 0; k < stepCount; k++) {
          const step = randomStep(next, expected);
          steps.push(step);
          addInto(expected, step);
        }
        const d = coalesce(steps, version, new Date(Date.UTC(2026, 10, 23, 10, 0, i)).toISOString());
        version = d.to;

        const result = applyDelta(state, d);
        expect(result).not.toBe('resync');
        state = result as TallyState;

        // Redelivering an old delta must change nothing.
        if (lastDelta && next() < 0.2) expect(applyDelta(state, lastDelta)).toBe(state);
        lastDelta = d;
      }

      expect(state.version).toBe(version);
      const fromState = summarizeCells(state.version, state.updatedAt, cellsOf(state));
      const fromSums = summarizeCells(version, state.updatedAt, Array.from(expected.values()));
      expect(fromState).toEqual(fromSums);
      // And the totals agree with a direct count.
      const all = Array.from(expected.values());
      expect(fromState.totals.votes).toBe(all.reduce((n, c) => n + c[3], 0));
      expect(fromState.totals.null).toBe(all.filter((c) => c[2] === 'null').reduce((n, c) => n + c[3], 0));
      expect(fromState.totals.blank).toBe(all.filter((c) => c[2] === 'blank').reduce((n, c) => n + c[3], 0));
      expect(fromState.totals.byCandidate.reduce((n, c) => n + c.votes, 0)).toBe(fromState.totals.valid);
    });
  }

  it('a state rebuilt from a snapshot continues with the next delta', () => {
    const next = rng(7);
    const expected = new Map<string, TallyCell>();
    for (let i = 0; i < 20; i++) addInto(expected, randomStep(next, expected));
    const snap = { contest: '', version: 20, updatedAt: null, cells: Array.from(expected.values()) };
    const step = randomStep(next, expected);
    addInto(expected, step);
    const after = applyDelta(stateFromSnapshot(snap), { contest: '', from: 20, to: 21, updatedAt: 'x', cells: step });
    expect(after).not.toBe('resync');
    expect(summarizeCells(21, null, cellsOf(after as TallyState))).toEqual(summarizeCells(21, null, Array.from(expected.values())));
  });
});
