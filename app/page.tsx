import { getSnapshot } from '@/lib/results/getSnapshot';
import { Dashboard } from './_components/Dashboard';

// Always the current tally: the socket only sends what changed after this snapshot.
export const dynamic = 'force-dynamic';

export default async function ResultsPage() {
  const snapshot = await getSnapshot();
  return <Dashboard initial={snapshot} />;
}
