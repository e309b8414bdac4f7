import { getViewSnapshot } from '@/lib/results/getSnapshot';
import { listContests, MAX_CONTEST_NAME } from '@/lib/results/contests';
import { hasStations, stationsReporting } from '@/lib/results/stationsReporting';
import { getResultsStatus } from '@/lib/results/resultsStatus';
import { pathFromParams } from '@/lib/results/areaView';
import { uploadFeed } from '@/lib/uploads/uploadFeed';
import { getExpectedVoters } from '@/lib/regions/expectedVotersStore';
import { getMapShapeInfo } from '@/lib/regions/mapShapeStore';
import { Dashboard } from './_components/Dashboard';
import { resultsPageAccess } from './_lib/pageAccess';

// Always the current tally: the socket only sends what changed after this snapshot.
export const dynamic = 'force-dynamic';

type Search = Record<string, string | string[] | undefined>;

export default async function ResultsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const viewer = await resultsPageAccess('/');
  const params = await searchParams;
  // The URL says which level is shown (?region=&province=&district=): the first paint is already that view.
  const path = pathFromParams((k) => {
    const v = params[k];
    return Array.isArray(v) ? v[0] : v;
  });
  const wanted = Array.isArray(params.contest) ? params.contest[0] : params.contest;
  const contest = typeof wanted === 'string' && wanted.length <= MAX_CONTEST_NAME ? wanted : '';
  const [{ snapshot, area }, status, feed, expected, shapeInfo, contests, stations] = await Promise.all([
    getViewSnapshot(path.region ?? null, contest),
    getResultsStatus(),
    uploadFeed(viewer !== null && !viewer.mustChangePassword),
    getExpectedVoters(),
    getMapShapeInfo(),
    listContests(),
    hasStations(),
  ]);
  const reporting = stations ? await stationsReporting(contest, snapshot.version) : null;
  return (
    <Dashboard
      initial={snapshot}
      initialArea={area}
      initialStatus={status.status}
      initialPath={path}
      initialFeed={feed}
      expected={expected}
      hasMapShape={shapeInfo !== null}
      contests={contests}
      initialReporting={reporting}
    />
  );
}
