import { authenticate } from '@/lib/auth/authenticate';
import { getEnv } from '@/lib/env';
import { apiError } from '@/lib/http/respond';
import { uploadFeed } from '@/lib/uploads/uploadFeed';

export const dynamic = 'force-dynamic';

/** GET /api/uploads/feed: recent uploads for the dashboard; public exactly when results are (PUBLIC_RESULTS). */
export async function GET(req: Request) {
  const who = await authenticate(req);
  if (!getEnv().PUBLIC_RESULTS && !who) return apiError(401, 'unauthenticated', 'sign in first');
  if (who?.mustChangePassword) return apiError(403, 'password_change_required', 'change your password first (an admin reset it)');
  const items = await uploadFeed(who !== null);
  return Response.json({ uploads: items }, { headers: { 'cache-control': 'no-store' } });
}
