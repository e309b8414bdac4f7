'use client';
import { useMemo } from 'react';
import { Bar } from 'react-chartjs-2';
import { BarElement, CategoryScale, Chart as ChartJS, LinearScale, Tooltip, type ChartOptions } from 'chart.js';
import type { CandidateVotes } from '@/lib/results/summarizeCells';
import { candidateLabel, formatShare } from './format';
import { useCandidateColour } from './colours';
import { useText } from './i18n';

const TEXT = { en: { label: 'Valid votes by candidate' }, es: { label: 'Votos válidos por candidato' } };

// Only what a horizontal bar chart with tooltips needs (Bar registers its own controller).
ChartJS.register(BarElement, CategoryScale, LinearScale, Tooltip);

const OPTIONS: ChartOptions<'bar'> = {
  indexAxis: 'y',
  responsive: true,
  maintainAspectRatio: false,
  // Short, so a stream of updates reads as motion instead of lag.
  animation: { duration: 250 },
  scales: {
    x: { beginAtZero: true, ticks: { precision: 0 } },
    y: { ticks: { autoSkip: false } },
  },
  plugins: { tooltip: { intersect: false }, legend: { display: false } },
};

/** Valid votes by candidate; the wrapper exposes the plotted pairs for tests and assistive tech. */
export function CandidateChart({ candidates, valid }: { candidates: CandidateVotes[]; valid: number }) {
  const t = useText(TEXT);
  const candidateColour = useCandidateColour();
  const data = useMemo(
    () => ({
      // The share of valid votes is the figure people quote: it goes in the label, not only the tooltip.
      labels: candidates.map((c) => `${candidateLabel(c.candidate)} · ${formatShare(c.votes, valid)}`),
      datasets: [
        {
          label: t.label,
          data: candidates.map((c) => c.votes),
          backgroundColor: candidates.map((c) => candidateColour(c.candidate)),
          borderRadius: 4,
        },
      ],
    }),
    [candidates, valid, t, candidateColour],
  );
  const pairs = JSON.stringify(candidates.map((c) => [c.candidate, c.votes]));
  const summary = candidates.map((c) => `${candidateLabel(c.candidate)}: ${c.votes}`).join(', ');

  return (
    <div className="chart" data-testid="candidate-chart" data-candidates={pairs} style={{ height: Math.max(140, candidates.length * 36 + 48) }}>
      <Bar data={data} options={OPTIONS} role="img" aria-label={`${t.label}. ${summary}`} />
    </div>
  );
}
