'use client';
import { useRef } from 'react';
import { useText } from './i18n';

const TEXT = { en: { asOf: 'As of version', none: 'no votes counted yet' }, es: { asOf: 'Según la versión', none: 'aún no hay votos contados' } };

/** "As of version N · time" of the numbers on screen; the time pulses whenever it moves (not on first paint). */
export function LastUpdate({ version, updatedAt }: { version: number; updatedAt: string | null }) {
  const t = useText(TEXT);
  const firstValue = useRef(updatedAt);
  const changed = updatedAt !== firstValue.current;
  return (
    <span className="last-update" data-testid="last-update" data-value={updatedAt ?? ''} data-version={version}>
      {updatedAt ? (
        <>
          {t.asOf} {version} ·{' '}
          {/* key restarts the CSS pulse on every change; the time zone differs between server and browser. */}
          <time key={updatedAt} dateTime={updatedAt} className={changed ? 'pulse' : undefined} suppressHydrationWarning>
            {new Date(updatedAt).toLocaleTimeString()}
          </time>
        </>
      ) : (
        <span>{t.none}</span>
      )}
    </span>
  );
}
