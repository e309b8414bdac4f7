'use client';
import { useEffect, useMemo, useState } from 'react';
import { detectAnomalies, type Anomaly } from '@/lib/results/anomalies';
import type { UploadDecreases } from '@/lib/results/getUploadDecreases';
import type { Results } from '@/lib/results/summarizeCells';
import type { ExpectedVoters } from '@/lib/results/turnout';
import styles from './AnomalyFlags.module.css';
import { apiCall } from './apiCall';
import { useLang, useText } from './i18n';
import { useThrottled } from './useThrottled';

/** Decreases are refetched as the version moves, at most this often. */
const REFETCH_MS = 2000;
/** A long list is cut here; the rest is counted. */
const SHOWN = 50;

const TEXT = {
  en: {
    title: 'Checks',
    none: 'No anomalies found.',
    more: (n: number) => `…and ${n} more.`,
    cut: 'The list of decreases is very long; only the oldest 5,000 were checked.',
    failed: 'Could not load the list of decreases',
    severity: { alert: 'Alert', warning: 'Check' } as Record<Anomaly['severity'], string>,
  },
  es: {
    title: 'Verificaciones',
    none: 'No se encontraron anomalías.',
    more: (n: number) => `…y ${n} más.`,
    cut: 'La lista de disminuciones es muy larga; solo se revisaron las 5.000 más antiguas.',
    failed: 'No se pudo cargar la lista de disminuciones',
    severity: { alert: 'Alerta', warning: 'Revisar' } as Record<Anomaly['severity'], string>,
  },
};

/**
 * Flags on the results (lib/results/anomalies.ts): turnout over 100 % where registered voters are known, a
 * candidate going down during an upload (GET /api/ledger/decreases, refetched at most every 2 s), and a region's
 * null share far above the others.
 */
export function AnomalyFlags({ results, expected, contest = '' }: { results: Results; expected?: readonly ExpectedVoters[]; contest?: string }) {
  const t = useText(TEXT);
  const lang = useLang();
  const [decreases, setDecreases] = useState<UploadDecreases | null>(null);
  const [error, setError] = useState<string | null>(null);
  const version = useThrottled(results.version, REFETCH_MS);

  useEffect(() => {
    let cancelled = false;
    void apiCall<UploadDecreases>('/api/ledger/decreases', 'GET').then((r) => {
      if (cancelled) return;
      if (r.ok) {
        setDecreases(r.data);
        setError(null);
      } else setError(r.message);
    });
    return () => {
      cancelled = true;
    };
  }, [version]);

  // Results of a past version (time travel) are judged only on what had happened by then.
  const flags = useMemo(
    () => detectAnomalies({ results, expected, decreases: (decreases?.decreases ?? []).filter((d) => d.version <= results.version && d.contest === contest) }),
    [results, expected, decreases, contest],
  );

  return (
    <section className={styles.flags} aria-labelledby="anomaly-title" data-testid="anomaly-flags" data-count={flags.length}>
      <h2 id="anomaly-title">{t.title}</h2>
      <div role="status">
        {flags.length === 0 ? (
          <p className={styles.quiet} data-testid="anomaly-none">
            {t.none}
          </p>
        ) : (
          <ul className={styles.list}>
            {flags.slice(0, SHOWN).map((f, i) => (
              <li
                key={`${f.kind}|${f.region ?? ''}|${f.candidate ?? ''}|${f.version ?? ''}|${i}`}
                className={`${styles.flag} ${styles[f.severity]}`}
                data-testid="anomaly-flag"
                data-kind={f.kind}
                data-severity={f.severity}
              >
                <span className={styles.badge}>{t.severity[f.severity]}</span> {f.message[lang]}
              </li>
            ))}
          </ul>
        )}
        {flags.length > SHOWN && <p className={styles.quiet}>{t.more(flags.length - SHOWN)}</p>}
        {decreases?.truncated && <p className={styles.quiet}>{t.cut}</p>}
      </div>
      {error && <p className={styles.error}>{`${t.failed}: ${error}`}</p>}
    </section>
  );
}
