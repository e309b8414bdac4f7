import type { TallyCell } from '../events';
import type { VoteStatus } from '../ingest/types';

/** NUL cannot appear in a region or candidate name, so the key is unambiguous. */
export function cellKey(region: string, candidate: string, status: VoteStatus): string {
  return region + '\u0000' + candidate + '\u0000' + status;
}

/**
 * Adds vote changes into a map of cells keyed by cellKey(), in place; a cell whose total reaches 0 is removed.
 * The one piece of delta arithmetic, shared by the web node (coalescing) and the browser (applying).
 * Negative totals are kept, not clamped: a later change may bring them back and the sum must stay exact.
 */
export function addCells(into: Map<string, TallyCell>, cells: readonly TallyCell[]): void {
  for (const [region, candidate, status, change] of cells) {
    if (change === 0) continue;
    const key = cellKey(region, candidate, status);
    const prev = into.get(key);
    const total = (prev ? prev[3] : 0) + change;
    if (total === 0) into.delete(key);
    else into.set(key, [region, candidate, status, total]);
  }
}
