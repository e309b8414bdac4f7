'use client';
import { useMemo } from 'react';
import type { TallySnapshot } from '@/lib/events';
import { summarizeCells } from '@/lib/results/summarizeCells';
import { cellsOf } from '@/lib/tally/tallyState';
import { CandidateChart } from './CandidateChart';
import { CandidateTable } from './CandidateTable';
import { ConnectionBadge } from './ConnectionBadge';
import { LastUpdate } from './LastUpdate';
import { RegionTable } from './RegionTable';
import { ResultsStatusBadge } from './ResultsStatusBadge';
import type { ResultsStatusValue } from '@/lib/results/resultsStatusValues';
import { StatCards } from './StatCards';
import { useLiveTally } from './useLiveTally';

export function Dashboard({ initial, initialStatus }: { initial: TallySnapshot; initialStatus: ResultsStatusValue }) {
  const { state, status, resultsStatus } = useLiveTally(initial, initialStatus);
  // Same function as GET /api/results, so the page and the API can never disagree.
  const results = useMemo(() => summarizeCells(state.version, state.updatedAt, cellsOf(state)), [state]);
  const empty = results.totals.votes === 0;

  return (
    <section className="dashboard" aria-labelledby="dashboard-title">
      <div className="dashboard__head">
        <h1 id="dashboard-title">Live results</h1>
        <div className="dashboard__meta">
          <ResultsStatusBadge status={resultsStatus} />
          <ConnectionBadge status={status} />
          <LastUpdate updatedAt={results.updatedAt} />
        </div>
      </div>

      <StatCards results={results} />

      {empty ? (
        <p className="empty" data-testid="empty-state">
          No votes counted yet. Results appear here as soon as the first file is processed.
        </p>
      ) : (
        <>
          <div className="panel">
            <h2>Valid votes by candidate</h2>
            <CandidateChart candidates={results.totals.byCandidate} />
          </div>
          <div className="grid-2">
            <div className="panel">
              <CandidateTable candidates={results.totals.byCandidate} valid={results.totals.valid} />
            </div>
            <div className="panel">
              <RegionTable regions={results.regions} />
            </div>
          </div>
        </>
      )}
    </section>
  );
}
