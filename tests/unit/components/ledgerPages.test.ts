import { describe, expect, it } from 'vitest';
import { withNewest, type LoadedLedger } from '../../../app/_components/ledgerPages';
import { throttleDelay } from '../../../app/_components/useThrottled';
import type { LedgerEntry } from '../../../lib/results/getLedger';

const entry = (version: number): LedgerEntry => ({ version, at: 'x', reason: 'upload', upload: null, contests: [''], regions: [], votes: 1, decreases: [], corrections: [], stationsFirst: 0, correctionsTotal: 0 });
const range = (from: number, to: number) => Array.from({ length: from - to + 1 }, (_, i) => entry(from - i));
const versions = (l: LoadedLedger) => l.entries.map((e) => e.version);

describe('withNewest', () => {
  const empty: LoadedLedger = { entries: [], nextBefore: undefined, olderLoaded: false };

  it('takes the newest page as it is while no older page was loaded', () => {
    const l = withNewest(empty, { entries: range(30, 11), nextBefore: 11 });
    expect(l).toMatchObject({ nextBefore: 11, olderLoaded: false });
    const again = withNewest(l, { entries: range(32, 13), nextBefore: 13 });
    expect(versions(again)).toEqual(range(32, 13).map((e) => e.version));
    expect(again.nextBefore).toBe(13);
  });

  it('keeps older pages, and where they go on from, when the newest page joins them', () => {
    const withOlder: LoadedLedger = { entries: range(30, 1), nextBefore: null, olderLoaded: true };
    const l = withNewest(withOlder, { entries: range(35, 16), nextBefore: 16 });
    expect(versions(l)).toEqual(range(35, 1).map((e) => e.version));
    expect(l).toMatchObject({ nextBefore: null, olderLoaded: true });
  });

  it('drops older pages when more versions came in than a page holds (no hole in the list)', () => {
    const withOlder: LoadedLedger = { entries: range(30, 1), nextBefore: null, olderLoaded: true };
    const l = withNewest(withOlder, { entries: range(60, 41), nextBefore: 41 });
    expect(versions(l)).toEqual(range(60, 41).map((e) => e.version));
    expect(l).toMatchObject({ nextBefore: 41, olderLoaded: false });
  });
});

describe('throttleDelay', () => {
  it('passes the first value at once, then waits out the interval from the last one passed', () => {
    expect(throttleDelay(null, 1000, 2000)).toBe(0);
    expect(throttleDelay(1000, 1500, 2000)).toBe(1500);
    expect(throttleDelay(1000, 3000, 2000)).toBe(0);
    expect(throttleDelay(1000, 9000, 2000)).toBe(0);
  });
});
