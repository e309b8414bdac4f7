'use client';
import { useEffect, useRef, useState } from 'react';
import { useText } from './i18n';
import styles from './TimeTravelBar.module.css';

export { useResultsAt } from './useResultsAt';

const TEXT = {
  en: {
    label: 'Results at version',
    previous: 'Previous version',
    next: 'Next version',
    live: 'Back to live',
    isLive: 'Live',
    of: (v: number, m: number) => `version ${v} of ${m}`,
    nothing: 'Nothing counted yet: no earlier versions to view.',
    banner: (v: number, m: number) => `Viewing version ${v} of ${m} — not the current results.`,
  },
  es: {
    label: 'Resultados en la versión',
    previous: 'Versión anterior',
    next: 'Versión siguiente',
    live: 'Volver a en vivo',
    isLive: 'En vivo',
    of: (v: number, m: number) => `versión ${v} de ${m}`,
    nothing: 'Aún no se ha contado nada: no hay versiones anteriores.',
    banner: (v: number, m: number) => `Viendo la versión ${v} de ${m}: no son los resultados actuales.`,
  },
};

/** Dragging settles for this long before the version is asked for. */
const SETTLE_MS = 200;

export interface TimeTravelBarProps {
  liveVersion: number;
  /** The version being viewed; null = live. */
  travelTo: number | null;
  onTravel: (version: number | null) => void;
}

/** A slider and stepper over versions 1..liveVersion, and "back to live". */
export function TimeTravelBar({ liveVersion, travelTo, onTravel }: TimeTravelBarProps) {
  const t = useText(TEXT);
  const shown = travelTo ?? liveVersion;
  // Where the slider was moved to, until it rests and is passed on (null: it shows `shown`). The parent re-renders
  // with every live delta, so the callback is read through a ref and does not restart the wait.
  const [draft, setDraft] = useState<number | null>(null);
  const onTravelRef = useRef(onTravel);
  useEffect(() => {
    onTravelRef.current = onTravel;
  });
  useEffect(() => {
    if (draft === null) return;
    const timer = setTimeout(() => {
      setDraft(null);
      onTravelRef.current(draft);
    }, SETTLE_MS);
    return () => clearTimeout(timer);
  }, [draft]);

  if (liveVersion < 1) return <p className={styles.quiet}>{t.nothing}</p>;
  const step = (by: number) => onTravel(Math.min(liveVersion, Math.max(1, shown + by)));

  return (
    <div className={styles.bar} role="group" aria-label={t.label} data-testid="time-travel-bar" data-travel-to={travelTo ?? ''}>
      <button type="button" onClick={() => step(-1)} disabled={shown <= 1} aria-label={t.previous} data-testid="time-travel-prev">
        ◀
      </button>
      <input
        type="range"
        className={styles.slider}
        min={1}
        max={liveVersion}
        step={1}
        value={Math.min(draft ?? shown, liveVersion)}
        onChange={(e) => setDraft(Number(e.target.value))}
        aria-label={t.label}
        aria-valuetext={t.of(draft ?? shown, liveVersion)}
        data-testid="time-travel-slider"
      />
      <button type="button" onClick={() => step(1)} disabled={shown >= liveVersion} aria-label={t.next} data-testid="time-travel-next">
        ▶
      </button>
      <output className={styles.where}>{travelTo === null ? t.isLive : t.of(travelTo, liveVersion)}</output>
      <button type="button" onClick={() => onTravel(null)} disabled={travelTo === null} data-testid="time-travel-live">
        {t.live}
      </button>
    </div>
  );
}

/** The banner over a dashboard that shows a past version. */
export function TimeTravelBanner({ version, liveVersion, onBackToLive }: { version: number; liveVersion: number; onBackToLive?: () => void }) {
  const t = useText(TEXT);
  return (
    <div className={styles.banner} role="status" data-testid="time-travel-banner" data-version={version}>
      <strong>{t.banner(version, liveVersion)}</strong>
      {onBackToLive && (
        <button type="button" onClick={onBackToLive}>
          {t.live}
        </button>
      )}
    </div>
  );
}
