import { requireResultsAccess } from '@/lib/auth/resultsAccess';
import { listContests } from '@/lib/results/contests';

export const dynamic = 'force-dynamic';

/** GET: every contest with its seats and region scope (public like the results, unless PUBLIC_RESULTS=false). */
export async function GET(req: Request) {
  const refused = await requireResultsAccess(req);
  if (refused) return refused;
  return Response.json({ contests: await listContests() }, { headers: { 'cache-control': 'no-cache' } });
}
