// The timeline chart's data, pure (unit tested): the server's points plus live points, and the lines to draw.
import { pickIndices, TIMELINE_MAX_POINTS, type TimelinePoint } from '@/lib/results/timeline';

export interface LiveTotals {
  version: number;
  updatedAt: string | null;
  votes: number;
  byCandidate: { candidate: string; votes: number }[];
}

/**
 * The points with the live totals appended when they are newer than the last point (a delta moved the count on
 * since the timeline was loaded). Past twice the server's budget, thinned back to it (keeping the last), so a
 * long-open page does not grow without end; thinning only then keeps the lines from jumping at every delta.
 */
export function withLivePoint(points: readonly TimelinePoint[], live: LiveTotals): readonly TimelinePoint[] {
  const last = points[points.length - 1];
  if (last && live.version <= last.version) return points;
  if (!last && live.version === 0) return points;
  const byCandidate = Object.create(null) as Record<string, number>;
  for (const c of live.byCandidate) if (c.votes !== 0) byCandidate[c.candidate] = c.votes;
  const next = [...points, { version: live.version, at: live.updatedAt ?? new Date(0).toISOString(), votes: live.votes, byCandidate }];
  if (next.length <= 2 * TIMELINE_MAX_POINTS) return next;
  return pickIndices(next.length, TIMELINE_MAX_POINTS).map((i) => next[i]);
}

export interface TimelineSeries {
  /** The lines drawn by name, most votes (at the last point) first. */
  candidates: string[];
  /** Whether an "others" line sums the rest. */
  hasOthers: boolean;
  rows: { version: number; at: string; votes: number; values: number[]; others: number }[];
}

const collator = new Intl.Collator('es');

/** The `top` candidates by votes at the last point get a line each; everyone else is summed as "others". */
export function timelineSeries(points: readonly TimelinePoint[], top = 8): TimelineSeries {
  const last = points[points.length - 1];
  const ranked = Object.entries(last?.byCandidate ?? {})
    .filter(([, n]) => n > 0)
    .sort(([a, x], [b, y]) => y - x || collator.compare(a, b))
    .map(([c]) => c);
  // Candidates who had votes earlier but none at the end still belong somewhere: in "others".
  const everyone = new Set<string>();
  for (const p of points) for (const c of Object.keys(p.byCandidate)) everyone.add(c);
  const candidates = ranked.slice(0, top);
  const shown = new Set(candidates);
  const hasOthers = [...everyone].some((c) => !shown.has(c));
  return {
    candidates,
    hasOthers,
    rows: points.map((p) => {
      let others = 0;
      for (const [c, n] of Object.entries(p.byCandidate)) if (!shown.has(c)) others += n;
      return { version: p.version, at: p.at, votes: p.votes, values: candidates.map((c) => p.byCandidate[c] ?? 0), others };
    }),
  };
}
