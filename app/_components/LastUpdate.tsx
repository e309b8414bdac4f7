'use client';
import { useRef } from 'react';

/** Time of the last applied change; pulses whenever it moves (not on first paint). */
export function LastUpdate({ updatedAt }: { updatedAt: string | null }) {
  const firstValue = useRef(updatedAt);
  const changed = updatedAt !== firstValue.current;
  return (
    <span className="last-update" data-testid="last-update" data-value={updatedAt ?? ''}>
      Last update:{' '}
      {updatedAt ? (
        // key restarts the CSS pulse on every change; the time zone differs between server and browser.
        <time key={updatedAt} dateTime={updatedAt} className={changed ? 'pulse' : undefined} suppressHydrationWarning>
          {new Date(updatedAt).toLocaleTimeString()}
        </time>
      ) : (
        <span>none yet</span>
      )}
    </span>
  );
}
