'use client';
// Turnout (votes counted / registered voters) and share counted (votes counted / votes expected), nationally and per
// region, from the live results and the admin's expected-voters list. Figures above 100% are data problems, shown
// as such, never as a full bar.
import { useMemo } from 'react';
import type { Results } from '@/lib/results/summarizeCells';
import { computeTurnout, type ExpectedVoters, type TurnoutFigures } from '@/lib/results/turnout';
import { formatInt } from './format';
import { useText } from './i18n';
import styles from './TurnoutPanel.module.css';

const TEXT = {
  en: {
    title: 'Turnout',
    turnout: 'Turnout',
    counted: 'Counted',
    ofRegistered: (counted: string, registered: string) => `${counted} votes of ${registered} registered voters`,
    ofExpected: (expected: string) => `of ${expected} votes expected`,
    noExpected: 'no expected votes given',
    none: 'No expected voters have been uploaded yet.',
    caption: 'Turnout and share counted by region',
    region: 'Region',
    registered: 'Registered',
    votes: 'Votes counted',
    over: 'over 100%: check the figures',
    waiting: (n: number) => `${n} region${n === 1 ? '' : 's'} with no results yet.`,
    unlisted: (regions: string, votes: string) => `Not in the expected-voters list (left out of turnout): ${regions} (${votes} votes).`,
  },
  es: {
    title: 'Participación',
    turnout: 'Participación',
    counted: 'Contado',
    ofRegistered: (counted: string, registered: string) => `${counted} votos de ${registered} electores hábiles`,
    ofExpected: (expected: string) => `de ${expected} votos esperados`,
    noExpected: 'sin votos esperados',
    none: 'Aún no se ha cargado el padrón por región.',
    caption: 'Participación y porcentaje contado por región',
    region: 'Región',
    registered: 'Electores',
    votes: 'Votos contados',
    over: 'más de 100%: revise las cifras',
    waiting: (n: number) => `${n} ${n === 1 ? 'región' : 'regiones'} aún sin resultados.`,
    unlisted: (regions: string, votes: string) => `Fuera del padrón cargado (no cuentan en la participación): ${regions} (${votes} votos).`,
  },
};
type Text = (typeof TEXT)['en'];

const percent = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function TurnoutPanel({ results, expected }: { results: Results; expected: ExpectedVoters[] }) {
  const t = useText(TEXT);
  const turnout = useMemo(() => computeTurnout(results, expected), [results, expected]);
  if (expected.length === 0) {
    return (
      <section className={styles.panel} aria-label={t.title} data-testid="turnout-panel" data-empty="true">
        <p className="muted">{t.none}</p>
      </section>
    );
  }
  const n = turnout.national;
  return (
    <section className={styles.panel} aria-labelledby="turnout-title" data-testid="turnout-panel" data-turnout={n.turnout ?? ''} data-counted-share={n.countedShare ?? ''}>
      <h2 id="turnout-title">{t.title}</h2>
      <div className={styles.headline}>
        <Headline label={t.turnout} share={n.turnout} t={t} detail={t.ofRegistered(formatInt(n.counted), formatInt(n.registered))} />
        <Headline label={t.counted} share={n.countedShare} t={t} detail={n.expectedVotes === null ? t.noExpected : t.ofExpected(formatInt(n.expectedVotes))} />
      </div>
      <div className="table-scroll">
        <table className="table" data-testid="turnout-table">
          <caption>{t.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.region}</th>
              <th scope="col" className="num">
                {t.registered}
              </th>
              <th scope="col" className="num">
                {t.votes}
              </th>
              <th scope="col">{t.turnout}</th>
              <th scope="col">{t.counted}</th>
            </tr>
          </thead>
          <tbody>
            {turnout.regions.map((r) => (
              <tr key={r.region} data-testid="turnout-row" data-region={r.region}>
                <th scope="row">{r.region}</th>
                <td className="num">{formatInt(r.registered)}</td>
                <td className="num">{formatInt(r.counted)}</td>
                <td>
                  <Bar share={r.turnout} label={`${t.turnout} ${r.region}`} t={t} />
                </td>
                <td>
                  <Bar share={r.countedShare} label={`${t.counted} ${r.region}`} t={t} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {turnout.expectedWithoutResults.length > 0 && <p className="muted">{t.waiting(turnout.expectedWithoutResults.length)}</p>}
      {turnout.resultsWithoutExpected.length > 0 && (
        <p className={styles.note} data-testid="turnout-unlisted">
          {t.unlisted(turnout.resultsWithoutExpected.join(', '), formatInt(turnout.votesWithoutExpected))}
        </p>
      )}
    </section>
  );
}

function Headline({ label, share, detail, t }: { label: string; share: TurnoutFigures['turnout']; detail: string; t: Text }) {
  const over = share !== null && share > 1;
  return (
    <div className={over ? `${styles.stat} ${styles.over}` : styles.stat}>
      <span className={styles.statLabel}>{label}</span>
      <span className={styles.statValue}>{share === null ? '—' : percent.format(share)}</span>
      <span className={styles.statDetail}>{over ? t.over : detail}</span>
    </div>
  );
}

/** A bar that fills to the share, capped at full; above 100% it turns into a warning instead of a normal bar. */
function Bar({ share, label, t }: { share: number | null; label: string; t: Text }) {
  if (share === null) return <span className="muted">—</span>;
  const over = share > 1;
  return (
    <div className={over ? `${styles.bar} ${styles.over}` : styles.bar} data-over={over || undefined}>
      <div
        className={styles.track}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.min(100, Math.round(share * 1000) / 10)}
        aria-valuetext={over ? `${percent.format(share)}, ${t.over}` : percent.format(share)}
      >
        <div className={styles.fill} style={{ width: `${Math.min(1, share) * 100}%` }} />
      </div>
      <span className={styles.value}>
        {percent.format(share)}
        {over && <span className={styles.warning}> ⚠ {t.over}</span>}
      </span>
    </div>
  );
}
