// The ledger panel's pages, pure (unit tested): the newest page refetched live, older pages loaded on demand.
import type { LedgerEntry, LedgerPage } from '@/lib/results/getLedger';

/** Newest page first, older pages after it, one entry per version. */
export function mergeEntries(newest: LedgerEntry[], older: LedgerEntry[]): LedgerEntry[] {
  const byVersion = new Map<number, LedgerEntry>();
  for (const e of [...older, ...newest]) byVersion.set(e.version, e);
  return [...byVersion.values()].sort((a, b) => b.version - a.version);
}

export interface LoadedLedger {
  entries: LedgerEntry[];
  /** Where "older" goes on from; null: nothing older; undefined: nothing loaded yet. */
  nextBefore: number | null | undefined;
  olderLoaded: boolean;
}

/** A fresh newest page: older pages stay (and say where to go on from) unless more versions came in than a page
 * holds, which would leave a hole between them. */
export function withNewest(prev: LoadedLedger, page: LedgerPage): LoadedLedger {
  const fresh = page.entries;
  const joins =
    prev.olderLoaded && prev.entries.length > 0 && fresh.length > 0 && fresh[fresh.length - 1].version <= prev.entries[0].version + 1;
  if (!joins) return { entries: fresh, nextBefore: page.nextBefore, olderLoaded: false };
  return { entries: mergeEntries(fresh, prev.entries), nextBefore: prev.nextBefore, olderLoaded: true };
}
