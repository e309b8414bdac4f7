import type { AreaCell, TallyCell } from '../events';
import type { VoteStatus } from '../ingest/types';

/** Any tally cell: names first, the vote count last (TallyCell, AreaCell). */
type Cell = TallyCell | AreaCell;

/** NUL cannot appear in a region or candidate name, so the key is unambiguous. */
export function cellKey(region: string, candidate: string, status: VoteStatus): string {
  return region + '\u0000' + candidate + '\u0000' + status;
}

function keyOf(cell: Cell): string {
  if (cell.length === 4) return cellKey(cell[0], cell[1], cell[2]);
  return cell[0] + '\u0000' + cell[1] + '\u0000' + cell[2] + '\u0000' + cell[3] + '\u0000' + cell[4];
}

/**
 * Adds vote changes into a map of cells keyed by their names, in place; a cell whose total reaches 0 is removed.
 * The one piece of delta arithmetic, shared by the web node (coalescing) and the browser (applying), for
 * region-level and district-level cells alike.
 * Negative totals are kept, not clamped: a later change may bring them back and the sum must stay exact.
 */
export function addCells<C extends Cell>(into: Map<string, C>, cells: readonly C[]): void {
  for (const cell of cells) addCell(into, cell);
}

/** addCells for one cell (the relay sorts district-level cells into one map per region as they come). */
export function addCell<C extends Cell>(into: Map<string, C>, cell: C): void {
  const change = cell[cell.length - 1] as number;
  if (change === 0) return;
  const key = keyOf(cell);
  const prev = into.get(key);
  const total = (prev ? (prev[prev.length - 1] as number) : 0) + change;
  if (total === 0) into.delete(key);
  else {
    const next = cell.slice() as C;
    next[next.length - 1] = total;
    into.set(key, next);
  }
}
