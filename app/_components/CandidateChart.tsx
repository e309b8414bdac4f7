'use client';
import { useMemo } from 'react';
import { Bar } from 'react-chartjs-2';
import { BarElement, CategoryScale, Chart as ChartJS, LinearScale, Tooltip, type ChartOptions } from 'chart.js';
import type { CandidateVotes } from '@/lib/results/summarizeCells';
import { candidateColour, candidateLabel } from './format';

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
  plugins: { tooltip: { intersect: false } },
};

/** Valid votes by candidate; the wrapper exposes the plotted pairs for tests and assistive tech. */
export function CandidateChart({ candidates }: { candidates: CandidateVotes[] }) {
  const data = useMemo(
    () => ({
      labels: candidates.map((c) => candidateLabel(c.candidate)),
      datasets: [
        {
          label: 'Valid votes',
          data: candidates.map((c) => c.votes),
          backgroundColor: candidates.map((c) => candidateColour(c.candidate)),
          borderRadius: 4,
        },
      ],
    }),
    [candidates],
  );
  const pairs = JSON.stringify(candidates.map((c) => [c.candidate, c.votes]));
  const summary = candidates.map((c) => `${candidateLabel(c.candidate)}: ${c.votes}`).join(', ');

  return (
    <div className="chart" data-testid="candidate-chart" data-candidates={pairs} style={{ height: Math.max(140, candidates.length * 36 + 48) }}>
      <Bar data={data} options={OPTIONS} role="img" aria-label={`Valid votes by candidate. ${summary}`} />
    </div>
  );
}
