// The counting timeline: cumulative votes per candidate after every version, thinned to a chartable number of
// points. Pure (the SQL that feeds it is getTimeline.ts), so the accumulation and the thinning are unit tested.

export interface TimelinePoint {
  version: number;
  /** ISO time of the version's commit. */
  at: string;
  /** Cumulative votes of every status (valid + blank + null) in scope. */
  votes: number;
  /** Cumulative valid votes per candidate in scope; a candidate at 0 is left out. */
  byCandidate: Record<string, number>;
}

/** One ledger version with its changes in scope (none when it changed nothing there). */
export interface TimelineVersion {
  version: number;
  at: string;
  reason: string;
  changes: TimelineChange[];
}

export interface TimelineChange {
  /** The candidate for valid votes; null for blank and null votes. */
  candidate: string | null;
  votes: number;
}

export const TIMELINE_MAX_POINTS = 400;

/**
 * Which of `n` points to keep: at most `max`, always the last, then the points `mustKeep` names (newest first, up
 * to a quarter of the budget), then evenly spaced ones. Sorted ascending, no repeats.
 */
export function pickIndices(n: number, max: number, mustKeep: (i: number) => boolean = () => false): number[] {
  if (n <= 0) return [];
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const keep = new Set<number>([n - 1]);
  const mustBudget = Math.floor(max / 4);
  for (let i = n - 2; i >= 0 && keep.size <= mustBudget; i--) if (mustKeep(i)) keep.add(i);
  const even = max - keep.size;
  for (let j = 0; j < even && keep.size < max; j++) keep.add(Math.floor((j * (n - 1)) / Math.max(1, even - 1)));
  return [...keep].sort((a, b) => a - b);
}

/**
 * One point per version (every version in `versions`, also those that changed nothing in scope), cumulative from
 * version 1, thinned with pickIndices. A point just before a retraction or reset and the point of it are kept in
 * preference, so a drop stays visible however long the count. `versions` must be in version order.
 */
export function buildTimeline(versions: readonly TimelineVersion[], max = TIMELINE_MAX_POINTS): TimelinePoint[] {
  const isDrop = (i: number) => versions[i]?.reason === 'retraction' || versions[i]?.reason === 'reset';
  const kept = pickIndices(versions.length, max, (i) => isDrop(i) || isDrop(i + 1));
  const points: TimelinePoint[] = [];
  const cumulative = new Map<string, number>();
  let votes = 0;
  let k = 0;
  for (let i = 0; i < versions.length && k < kept.length; i++) {
    const v = versions[i];
    for (const ch of v.changes) {
      votes += ch.votes;
      if (ch.candidate !== null) cumulative.set(ch.candidate, (cumulative.get(ch.candidate) ?? 0) + ch.votes);
    }
    if (kept[k] !== i) continue;
    k++;
    // Keys are candidate names from files: a null-prototype object, so "__proto__" is just a name.
    const byCandidate = Object.create(null) as Record<string, number>;
    for (const [name, n] of cumulative) if (n !== 0) byCandidate[name] = n;
    points.push({ version: v.version, at: v.at, votes, byCandidate });
  }
  return points;
}
