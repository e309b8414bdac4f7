'use client';
import { useEffect, useRef, useState } from 'react';

/** How long to wait before passing a new value on: nothing if the last one went out `ms` ago or more. */
export function throttleDelay(lastAt: number | null, now: number, ms: number): number {
  return lastAt === null ? 0 : Math.max(0, lastAt + ms - now);
}

/**
 * `value`, passed on at most once per `ms`, the newest one last (trailing): a burst of live versions becomes one
 * refetch now and one when the interval is up, never one per delta.
 */
export function useThrottled<T>(value: T, ms: number): T {
  const [out, setOut] = useState(value);
  const lastAt = useRef<number | null>(null);
  useEffect(() => {
    lastAt.current ??= Date.now();
  }, []);
  useEffect(() => {
    if (Object.is(value, out)) return;
    const timer = setTimeout(() => {
      lastAt.current = Date.now();
      setOut(value);
    }, throttleDelay(lastAt.current, Date.now(), ms));
    return () => clearTimeout(timer);
  }, [value, out, ms]);
  return out;
}
