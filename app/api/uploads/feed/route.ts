import { authenticate } from '@/lib/auth/authenticate';
import { requireResultsAccess } from '@/lib/auth/resultsAccess';
import { uploadFeed } from '@/lib/uploads/uploadFeed';

export const dynamic = 'force-dynamic';

/** GET /api/uploads/feed: recent uploads for the dashboard; public exactly when results are (PUBLIC_RESULTS). */
export async function GET(req: Request) {
  const refused = await requireResultsAccess(req);
  if (refused) return refused;
  const who = await authenticate(req);
  const items = await uploadFeed(who !== null && !who.mustChangePassword);
  return Response.json({ uploads: items }, { headers: { 'cache-control': 'no-store' } });
}
