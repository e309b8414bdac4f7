'use client';
import { useEffect, useState } from 'react';
import type { Results } from '@/lib/results/summarizeCells';
import { apiCall } from './apiCall';

/** A slider being dragged asks for the version it rests on, not every one it passes. */
const SETTLE_MS = 150;
/** Past versions never change: keep the last few so going back and forth is instant. */
const KEEP = 32;
const fetched = new Map<string, Results>();
const keyOf = (version: number, contest: string) => `${version}\u0000${contest}`;

function remember(r: Results, contest: string): void {
  if (fetched.size >= KEEP) fetched.delete(fetched.keys().next().value!);
  fetched.set(keyOf(r.version, contest), r);
}

/**
 * The results as they stood at `version` (GET /api/results?version=N); null while not travelling (`version` null),
 * while loading, or if the server refused the version. Only ever the requested version's results, never another's.
 */
export function useResultsAt(version: number | null, contest = ''): Results | null {
  const [results, setResults] = useState<Results | null>(() => (version === null ? null : (fetched.get(keyOf(version, contest)) ?? null)));

  useEffect(() => {
    if (version === null) return setResults(null);
    const hit = fetched.get(keyOf(version, contest));
    if (hit) return setResults(hit);
    setResults(null);
    let cancelled = false;
    const timer = setTimeout(() => {
      void apiCall<Results>(`/api/results?version=${version}&contest=${encodeURIComponent(contest)}`, 'GET').then((r) => {
        if (cancelled || !r.ok) return;
        remember(r.data, contest);
        setResults(r.data);
      });
    }, SETTLE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [version, contest]);

  return results && results.version === version ? results : null;
}
