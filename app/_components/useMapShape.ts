'use client';
import { useEffect, useState } from 'react';
import type { MapShape } from '@/lib/regions/mapShape';

/**
 * The admin's uploaded map, fetched once by the browser when the server said there is one (a shape can be megabytes:
 * it is not put into every first paint). `undefined` while loading; null when there is none.
 */
export function useMapShape(uploaded: boolean): MapShape | null | undefined {
  const [shape, setShape] = useState<MapShape | null | undefined>(uploaded ? undefined : null);
  useEffect(() => {
    if (!uploaded) return;
    let cancelled = false;
    fetch('/api/map-shape')
      .then((r) => (r.ok ? (r.json() as Promise<{ shape: MapShape | null }>) : { shape: null }))
      .then((b) => !cancelled && setShape(b.shape))
      .catch(() => !cancelled && setShape(null));
    return () => {
      cancelled = true;
    };
  }, [uploaded]);
  return shape;
}
