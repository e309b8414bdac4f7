import type { ResultsStatusValue } from '@/lib/results/resultsStatusValues';

// Numbers never look final when they are not: only "certified" reads as official.
const LABEL: Record<ResultsStatusValue, string> = {
  test: 'TEST DATA — not real results',
  'unofficial-partial': 'Unofficial · counting in progress',
  'unofficial-complete': 'Unofficial · count complete',
  certified: 'Certified results',
};

export function ResultsStatusBadge({ status }: { status: ResultsStatusValue }) {
  return (
    <span className={`badge badge--status-${status}`} data-testid="results-status" data-value={status}>
      {LABEL[status]}
    </span>
  );
}
