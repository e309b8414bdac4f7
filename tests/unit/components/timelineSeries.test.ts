import { describe, expect, it } from 'vitest';
import { timelineSeries, withLivePoint } from '../../../app/_components/timelineSeries';
import type { TimelinePoint } from '../../../lib/results/timeline';

const p = (version: number, byCandidate: Record<string, number>, votes = Object.values(byCandidate).reduce((a, b) => a + b, 0)): TimelinePoint => ({
  version,
  at: new Date(Date.UTC(2026, 10, 23, 12, 0, version)).toISOString(),
  votes,
  byCandidate,
});

describe('withLivePoint', () => {
  const points = [p(1, { A: 1 }), p(2, { A: 2, B: 1 })];

  it('appends the live totals only when they are newer than the last point', () => {
    expect(withLivePoint(points, { version: 2, updatedAt: null, votes: 9, byCandidate: [] })).toBe(points);
    expect(withLivePoint(points, { version: 1, updatedAt: null, votes: 9, byCandidate: [] })).toBe(points);
    const next = withLivePoint(points, {
      version: 5,
      updatedAt: '2026-11-23T12:00:05.000Z',
      votes: 7,
      byCandidate: [
        { candidate: 'A', votes: 4 },
        { candidate: 'B', votes: 0 },
      ],
    });
    expect(next).toHaveLength(3);
    expect({ ...next[2], byCandidate: { ...next[2].byCandidate } }).toEqual({ version: 5, at: '2026-11-23T12:00:05.000Z', votes: 7, byCandidate: { A: 4 } });
  });

  it('starts from nothing only once something is counted', () => {
    expect(withLivePoint([], { version: 0, updatedAt: null, votes: 0, byCandidate: [] })).toEqual([]);
    expect(withLivePoint([], { version: 1, updatedAt: 'x', votes: 1, byCandidate: [{ candidate: 'A', votes: 1 }] })).toHaveLength(1);
  });

  it('thins a long-open page back to the server budget, keeping the newest point', () => {
    let pts: readonly TimelinePoint[] = [];
    for (let v = 1; v <= 801; v++) pts = withLivePoint(pts, { version: v, updatedAt: 'x', votes: v, byCandidate: [{ candidate: 'A', votes: v }] });
    expect(pts.length).toBeLessThanOrEqual(400);
    expect(pts[pts.length - 1].version).toBe(801);
  });
});

describe('timelineSeries', () => {
  it('draws the top candidates at the last point, everyone else summed as others, at every point', () => {
    const names = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J'];
    const last = Object.fromEntries(names.map((n, i) => [n, 100 - i * 10]));
    const s = timelineSeries([p(1, { J: 5, Gone: 3 }), p(2, last)]);
    expect(s.candidates).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H']);
    expect(s.hasOthers).toBe(true);
    // At version 1 J and a candidate later at zero are "others"; A..H had nothing yet.
    expect(s.rows[0]).toMatchObject({ version: 1, values: [0, 0, 0, 0, 0, 0, 0, 0], others: 8 });
    expect(s.rows[1]).toMatchObject({ version: 2, values: [100, 90, 80, 70, 60, 50, 40, 30], others: 20 + 10 });
  });

  it('has no others line when everyone fits, and nothing for no points', () => {
    expect(timelineSeries([p(1, { B: 2, A: 2 })])).toMatchObject({ candidates: ['A', 'B'], hasOthers: false });
    expect(timelineSeries([])).toEqual({ candidates: [], hasOthers: false, rows: [] });
  });
});
