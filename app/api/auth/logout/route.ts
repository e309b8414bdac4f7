import { isSameOrigin } from '@/lib/auth/authenticate';
import { SESSION_COOKIE, clearedSessionCookie, deleteSession, readCookie } from '@/lib/auth/session';
import { apiError } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';

export async function POST(req: Request) {
  if (!isSameOrigin(req)) return apiError(403, 'cross_origin', 'cross-site requests are not allowed');
  const token = readCookie(req.headers.get('cookie'), SESSION_COOKIE);
  if (token) await deleteSession(token);
  return Response.json({ ok: true }, { headers: { 'set-cookie': clearedSessionCookie() } });
}
