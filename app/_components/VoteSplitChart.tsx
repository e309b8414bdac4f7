'use client';
import { useMemo } from 'react';
import { Doughnut } from 'react-chartjs-2';
import { ArcElement, Chart as ChartJS, Tooltip, type ChartOptions } from 'chart.js';
import type { Results } from '@/lib/results/summarizeCells';
import { formatInt, formatShare } from './format';
import { useText } from './i18n';

ChartJS.register(ArcElement, Tooltip);

const TEXT = {
  en: { valid: 'Valid', blank: 'Blank', null: 'Null', label: 'Votes by kind' },
  es: { valid: 'Válidos', blank: 'En blanco', null: 'Nulos', label: 'Votos por tipo' },
};
const COLOURS = ['#1f7a4d', '#b0b7c3', '#c0392b'];

const OPTIONS: ChartOptions<'doughnut'> = {
  responsive: true,
  maintainAspectRatio: false,
  cutout: '62%',
  animation: { duration: 250 },
  // Our own legend sits beside the chart (with shares); another chart may have registered Chart.js's globally.
  plugins: { tooltip: { intersect: true }, legend: { display: false } },
};

/** Valid / blank / null as a doughnut, with the valid share (the headline figure authorities report) in the middle. */
export function VoteSplitChart({ results }: { results: Results }) {
  const t = useText(TEXT);
  const { votes, valid, blank, null: nul } = results.totals;
  const data = useMemo(
    () => ({ labels: [t.valid, t.blank, t.null], datasets: [{ data: [valid, blank, nul], backgroundColor: COLOURS, borderWidth: 1 }] }),
    [t, valid, blank, nul],
  );
  const summary = `${t.valid} ${formatInt(valid)} (${formatShare(valid, votes)}), ${t.blank} ${formatInt(blank)} (${formatShare(blank, votes)}), ${t.null} ${formatInt(nul)} (${formatShare(nul, votes)})`;
  return (
    <div className="split" data-testid="vote-split" data-values={JSON.stringify([valid, blank, nul])}>
      <div className="split__chart">
        <Doughnut data={data} options={OPTIONS} role="img" aria-label={`${t.label}: ${summary}`} />
        <div className="split__centre" aria-hidden="true">
          <strong>{formatShare(valid, votes)}</strong>
          <span>{t.valid.toLowerCase()}</span>
        </div>
      </div>
      <ul className="split__legend">
        {[t.valid, t.blank, t.null].map((label, i) => (
          <li key={label}>
            <span className="swatch" style={{ background: COLOURS[i] }} aria-hidden="true" />
            {label} <span className="muted">{formatShare([valid, blank, nul][i], votes)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The same numbers as a table. */
export function VoteSplitTable({ results }: { results: Results }) {
  const t = useText(TEXT);
  const { votes, valid, blank, null: nul } = results.totals;
  return (
    <table className="table" data-testid="vote-split-table">
      <caption>{t.label}</caption>
      <tbody>
        {([[t.valid, valid], [t.blank, blank], [t.null, nul]] as const).map(([label, n]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            <td className="num">{formatInt(n)}</td>
            <td className="num">{formatShare(n, votes)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
