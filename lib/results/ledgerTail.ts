import { getCurrentVersion } from './getSnapshot';

// Past ledger versions never change (deltas are only ever appended; a reset appends one more), so readers that
// go over the whole ledger keep what they read and, per request, fetch only the versions committed since. A
// refresh storm while counting goes on then costs one small query per new version, not a scan per request.

export interface LedgerTail<T> {
  /** Everything read so far, versions 1..upTo, in version order. */
  items: T[];
  upTo: number;
}

/**
 * A cache over the ledger that grows by `load(after, upTo)` (items of versions after..upTo, in order). `read()`
 * returns it up to at least the current version; concurrent reads share one load.
 */
export function ledgerTail<T>(load: (after: number, upTo: number) => Promise<T[]>) {
  let tail: LedgerTail<T> = { items: [], upTo: 0 };
  let pending: Promise<void> | null = null;
  return async function read(): Promise<LedgerTail<T>> {
    const current = await getCurrentVersion();
    // Below what we hold: the database was replaced (a test's fresh schema, a restore). Start again.
    if (current < tail.upTo && !pending) tail = { items: [], upTo: 0 };
    while (tail.upTo < current) {
      pending ??= (async () => {
        const from = tail;
        const upTo = await getCurrentVersion();
        const more = await load(from.upTo, upTo);
        tail = { items: from.items.concat(more), upTo };
      })().finally(() => {
        pending = null;
      });
      await pending;
    }
    return tail;
  };
}
