import { describe, expect, it } from 'vitest';
import { buildTimeline, pickIndices, type TimelineVersion } from '../../../lib/results/timeline';

const at = (v: number) => new Date(Date.UTC(2026, 10, 23, 12, 0, v)).toISOString();

function version(v: number, changes: [string | null, number][], reason = 'upload'): TimelineVersion {
  return { version: v, at: at(v), reason, changes: changes.map(([candidate, votes]) => ({ candidate, votes })) };
}

describe('buildTimeline', () => {
  it('accumulates valid votes per candidate and all votes, one point per version (also versions that changed nothing)', () => {
    const points = buildTimeline([
      version(1, [['Ana', 3], ['Beto', 1], [null, 2]]),
      version(2, []),
      version(3, [['Ana', -1], ['Carla', 4]]),
      version(4, [['Ana', -2], ['Beto', -1], ['Carla', -4], [null, -2]], 'reset'),
    ]);
    expect(points.map((p) => ({ ...p, byCandidate: { ...p.byCandidate } }))).toEqual([
      { version: 1, at: at(1), votes: 6, byCandidate: { Ana: 3, Beto: 1 } },
      { version: 2, at: at(2), votes: 6, byCandidate: { Ana: 3, Beto: 1 } },
      { version: 3, at: at(3), votes: 9, byCandidate: { Ana: 2, Beto: 1, Carla: 4 } },
      // A candidate back at 0 is left out.
      { version: 4, at: at(4), votes: 0, byCandidate: {} },
    ]);
  });

  it('keeps a candidate called __proto__ as a name', () => {
    const [p] = buildTimeline([version(1, [['__proto__', 2]])]);
    expect(Object.keys(p.byCandidate)).toEqual(['__proto__']);
    expect(JSON.parse(JSON.stringify(p)).byCandidate).toEqual(JSON.parse('{"__proto__":2}'));
  });

  it('thins a long count to at most the limit, exact at every point kept, always ending with the last version', () => {
    const versions = Array.from({ length: 5000 }, (_, i) => version(i + 1, [['Ana', 1], [null, 1]]));
    const points = buildTimeline(versions, 400);
    expect(points.length).toBeLessThanOrEqual(400);
    expect(points.length).toBeGreaterThan(350);
    expect(points[points.length - 1]).toMatchObject({ version: 5000, votes: 10_000, byCandidate: { Ana: 5000 } });
    expect(points[0].version).toBe(1);
    for (const p of points) expect(p).toMatchObject({ votes: 2 * p.version, byCandidate: { Ana: p.version } });
    expect(points.map((p) => p.version)).toEqual([...points.map((p) => p.version)].sort((a, b) => a - b));
  });

  it('keeps a retraction and the point before it, so a drop shows however long the count', () => {
    const versions = Array.from({ length: 3000 }, (_, i) => version(i + 1, [['Ana', 1]]));
    versions[1234] = version(1235, [['Ana', -500]], 'retraction');
    const points = buildTimeline(versions, 100);
    const versionsKept = points.map((p) => p.version);
    expect(versionsKept).toContain(1234);
    expect(versionsKept).toContain(1235);
    expect(points.find((p) => p.version === 1235)!.byCandidate.Ana).toBe(1234 - 500);
  });
});

describe('pickIndices', () => {
  it('keeps everything under the limit and nothing for nothing', () => {
    expect(pickIndices(0, 10)).toEqual([]);
    expect(pickIndices(3, 10)).toEqual([0, 1, 2]);
  });

  it('never exceeds the limit, has no repeats and always keeps the last', () => {
    for (const [n, max] of [[401, 400], [1000, 7], [10, 2], [10, 1], [99_999, 400]]) {
      const idx = pickIndices(n, max, (i) => i % 3 === 0);
      expect(idx.length).toBeLessThanOrEqual(max);
      expect(new Set(idx).size).toBe(idx.length);
      expect(idx[idx.length - 1]).toBe(n - 1);
      expect(idx.every((i, k) => k === 0 || i > idx[k - 1])).toBe(true);
    }
  });
});
