'use client';
import { useEffect, useState } from 'react';
import type { Results } from '@/lib/results/summarizeCells';
import { apiCall } from './apiCall';

/** A slider being dragged asks for the version it rests on, not every one it passes. */
const SETTLE_MS = 150;
/** Past versions never change: keep the last few so going back and forth is instant. */
const KEEP = 32;
const fetched = new Map<number, Results>();

function remember(r: Results): void {
  if (fetched.size >= KEEP) fetched.delete(fetched.keys().next().value!);
  fetched.set(r.version, r);
}

/**
 * The results as they stood at `version` (GET /api/results?version=N); null while not travelling (`version` null),
 * while loading, or if the server refused the version. Only ever the requested version's results, never another's.
 */
export function useResultsAt(version: number | null): Results | null {
  const [results, setResults] = useState<Results | null>(() => (version === null ? null : (fetched.get(version) ?? null)));

  useEffect(() => {
    if (version === null) return setResults(null);
    const hit = fetched.get(version);
    if (hit) return setResults(hit);
    setResults(null);
    let cancelled = false;
    const timer = setTimeout(() => {
      void apiCall<Results>(`/api/results?version=${version}`, 'GET').then((r) => {
        if (cancelled || !r.ok) return;
        remember(r.data);
        setResults(r.data);
      });
    }, SETTLE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [version]);

  return results && results.version === version ? results : null;
}
