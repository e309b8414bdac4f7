import { getSnapshot } from '@/lib/results/getSnapshot';
import { Dashboard } from './_components/Dashboard';
import { resultsPageAccess } from './_lib/pageAccess';

// Always the current tally: the socket only sends what changed after this snapshot.
export const dynamic = 'force-dynamic';

export default async function ResultsPage() {
  await resultsPageAccess('/');
  const snapshot = await getSnapshot();
  return <Dashboard initial={snapshot} />;
}
