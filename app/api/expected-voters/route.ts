import { requireResultsAccess } from '@/lib/auth/resultsAccess';
import { taggedJson } from '@/lib/http/respond';
import { expectedVotersBody } from '@/lib/regions/expectedVotersStore';

export const dynamic = 'force-dynamic';

/** GET (public unless PUBLIC_RESULTS=false): `{regions: [{region, registered, expectedVotes}]}`; ETag → 304. */
export async function GET(req: Request) {
  const refused = await requireResultsAccess(req);
  if (refused) return refused;
  const { etag, body } = await expectedVotersBody();
  return taggedJson(req, etag, () => body);
}
