import type { TallyCell } from '../events';

/** Adds cells into a map keyed by (region, candidate, valid), in place. Pure apart from the map it is given. */
export function mergeCells(into: Map<string, TallyCell>, cells: readonly TallyCell[]): void {
  for (const c of cells) {
    const k = c[0] + '\u0000' + c[1] + '\u0000' + c[2];
    const prev = into.get(k);
    into.set(k, prev ? [c[0], c[1], c[2], prev[3] + c[3]] : [c[0], c[1], c[2], c[3]]);
  }
}
