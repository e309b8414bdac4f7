'use client';
import { useCallback, useEffect, useState } from 'react';
import type { LedgerPage } from '@/lib/results/getLedger';
import { apiCall } from './apiCall';
import { formatInt, formatUtc } from './format';
import { withNewest, mergeEntries, type LoadedLedger } from './ledgerPages';
import { useText } from './i18n';
import styles from './LedgerPanel.module.css';
import { useThrottled } from './useThrottled';

const PAGE = 20;
/** The ledger refetches as the live version moves, at most this often. */
const REFETCH_MS = 2000;

const TEXT = {
  en: {
    title: 'Change ledger',
    intro: 'Every change to the count, newest first. Files are identified by their sha256 only.',
    version: 'Version',
    reasons: { upload: 'file counted', retraction: 'file retracted', reset: 'reset to zero', publish: 'held report published', reject: 'held report rejected', stations: 'stations list' } as Record<string, string>,
    kinds: { correction: 'corrected', published: 'published', restored: 'restored', removed: 'removed', first: 'first report' } as Record<string, string>,
    station: 'station',
    firstReports: (n: string) => `${n} stations reported for the first time`,
    moreCorrections: (n: string) => `and ${n} more`,
    main: 'main contest',
    roles: { viewer: 'viewer', uploader: 'uploader', admin: 'admin' } as Record<string, string>,
    deletedAccount: 'deleted account',
    by: 'uploaded by an',
    votes: 'votes',
    decreases: 'went down',
    travel: 'View results at this version',
    older: 'Older changes',
    loading: 'Loading…',
    empty: 'No changes yet.',
    failed: 'Could not load the ledger',
  },
  es: {
    title: 'Registro de cambios',
    intro: 'Cada cambio del conteo, el más reciente primero. Los archivos se identifican solo por su sha256.',
    version: 'Versión',
    reasons: { upload: 'archivo contado', retraction: 'archivo retirado', reset: 'puesta a cero', publish: 'acta observada publicada', reject: 'acta observada rechazada', stations: 'lista de mesas' } as Record<string, string>,
    kinds: { correction: 'corregida', published: 'publicada', restored: 'restituida', removed: 'retirada', first: 'primera acta' } as Record<string, string>,
    station: 'mesa',
    firstReports: (n: string) => `${n} mesas computadas por primera vez`,
    moreCorrections: (n: string) => `y ${n} más`,
    main: 'elección principal',
    roles: { viewer: 'lector', uploader: 'cargador', admin: 'administrador' } as Record<string, string>,
    deletedAccount: 'cuenta eliminada',
    by: 'cargado por un',
    votes: 'votos',
    decreases: 'bajaron',
    travel: 'Ver resultados en esta versión',
    older: 'Cambios anteriores',
    loading: 'Cargando…',
    empty: 'Aún no hay cambios.',
    failed: 'No se pudo cargar el registro',
  },
};

function signed(n: number): string {
  return n > 0 ? `+${formatInt(n)}` : n < 0 ? `−${formatInt(-n)}` : '0';
}

/**
 * The public change ledger (GET /api/ledger): refetched when the live `version` moves, at most every 2 s; "older"
 * pages back. `onTravel` (optional) gets the version of an entry whose "view results" button is pressed.
 */
export function LedgerPanel({ version, contest = '', onTravel }: { version: number; contest?: string; onTravel?: (version: number) => void }) {
  const t = useText(TEXT);
  const [{ entries, nextBefore }, setLedger] = useState<LoadedLedger>({ entries: [], nextBefore: undefined, olderLoaded: false });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const throttledVersion = useThrottled(version, REFETCH_MS);

  useEffect(() => {
    let cancelled = false;
    void apiCall<LedgerPage>(`/api/ledger?limit=${PAGE}&contest=${encodeURIComponent(contest)}`, 'GET').then((r) => {
      if (cancelled) return;
      if (!r.ok) return setError(r.message);
      setError(null);
      setLedger((prev) => withNewest(prev, r.data));
    });
    return () => {
      cancelled = true;
    };
  }, [throttledVersion, contest]);

  const loadOlder = useCallback(async () => {
    if (nextBefore == null) return;
    setLoading(true);
    const r = await apiCall<LedgerPage>(`/api/ledger?limit=${PAGE}&before=${nextBefore}&contest=${encodeURIComponent(contest)}`, 'GET');
    setLoading(false);
    if (!r.ok) return setError(r.message);
    setError(null);
    setLedger((prev) => ({ entries: mergeEntries(prev.entries, r.data.entries), nextBefore: r.data.nextBefore, olderLoaded: true }));
  }, [nextBefore, contest]);

  return (
    <section className={styles.panel} aria-labelledby="ledger-title" data-testid="ledger-panel">
      <h2 id="ledger-title">{t.title}</h2>
      <p className={styles.intro}>{t.intro}</p>
      {error && (
        <p className={styles.error} role="alert">
          {t.failed}: {error}
        </p>
      )}
      {entries.length === 0 && nextBefore !== undefined && !error && <p className={styles.quiet}>{t.empty}</p>}
      <ol className={styles.list}>
        {entries.map((e) => (
          <li key={e.version} className={styles.entry} data-testid="ledger-entry" data-version={e.version} data-reason={e.reason}>
            <div className={styles.head}>
              <span className={styles.version}>
                {t.version} {e.version}
              </span>
              <time dateTime={e.at} className={styles.time}>
                {formatUtc(e.at)}
              </time>
              <span className={`${styles.reason} ${styles[e.reason] ?? ''}`}>{t.reasons[e.reason] ?? e.reason}</span>
              <span className={e.votes < 0 ? styles.down : styles.up}>
                {signed(e.votes)} {t.votes}
              </span>
            </div>
            {e.upload && (
              <div className={styles.file}>
                <code title={e.upload.sha256} data-testid="ledger-sha256">
                  {e.upload.sha256.slice(0, 12)}…
                </code>{' '}
                {e.upload.uploaderRole ? `${t.by} ${t.roles[e.upload.uploaderRole] ?? e.upload.uploaderRole}` : t.deletedAccount}
              </div>
            )}
            {e.regions.length > 0 && (
              <ul className={styles.regions} aria-label={t.votes}>
                {e.regions.map((r) => (
                  <li key={r.region} className={r.votes < 0 ? styles.down : styles.up}>
                    {r.region} {signed(r.votes)}
                  </li>
                ))}
              </ul>
            )}
            {/* A retraction or a reset takes votes away on purpose; only an upload's decreases need pointing out. */}
            {e.reason === 'upload' && e.decreases.length > 0 && (
              <ul className={styles.decreases}>
                {e.decreases.map((d) => (
                  <li key={`${d.region}\u0000${d.candidate}`}>
                    {d.candidate} ({d.region}) {t.decreases} {formatInt(-d.votes)}
                  </li>
                ))}
              </ul>
            )}
            {e.stationsFirst > 0 && <p className={styles.file}>{t.firstReports(formatInt(e.stationsFirst))}</p>}
            {e.corrections.length > 0 && (
              <ul className={styles.decreases} data-testid="ledger-corrections">
                {e.corrections.map((c) => (
                  <li key={`${c.contest}\u0000${c.station}`} data-testid="ledger-correction" data-station={c.station} data-kind={c.kind} data-before={c.before ?? ''} data-after={c.after ?? ''}>
                    {t.station} {c.station}
                    {contest === '' && e.contests.length > 1 ? ` (${c.contest || t.main})` : ''}: {t.kinds[c.kind] ?? c.kind}{' '}
                    {c.before === null ? '—' : formatInt(c.before)} → {c.after === null ? '—' : formatInt(c.after)}
                  </li>
                ))}
                {e.correctionsTotal > e.corrections.length && <li>{t.moreCorrections(formatInt(e.correctionsTotal - e.corrections.length))}</li>}
              </ul>
            )}
            {onTravel && (
              <button type="button" className={styles.travel} onClick={() => onTravel(e.version)} data-testid="ledger-travel">
                {t.travel}
              </button>
            )}
          </li>
        ))}
      </ol>
      {nextBefore != null && (
        <button type="button" onClick={() => void loadOlder()} disabled={loading} data-testid="ledger-older">
          {loading ? t.loading : t.older}
        </button>
      )}
    </section>
  );
}
