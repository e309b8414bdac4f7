import { getSnapshot } from '@/lib/results/getSnapshot';
import { getResultsStatus } from '@/lib/results/resultsStatus';
import { Dashboard } from './_components/Dashboard';
import { resultsPageAccess } from './_lib/pageAccess';

// Always the current tally: the socket only sends what changed after this snapshot.
export const dynamic = 'force-dynamic';

export default async function ResultsPage() {
  await resultsPageAccess('/');
  const [snapshot, status] = await Promise.all([getSnapshot(), getResultsStatus()]);
  return <Dashboard initial={snapshot} initialStatus={status.status} />;
}
