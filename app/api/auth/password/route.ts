import { z } from 'zod';
import { changeOwnPassword, MAX_PASSWORD } from '@/lib/admin/users';
import { requireRole } from '@/lib/auth/guard';
import { readCookie, SESSION_COOKIE } from '@/lib/auth/session';
import { apiError, jsonBody, resultResponse } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';

const Body = z.object({ current: z.string().max(MAX_PASSWORD), next: z.string().max(MAX_PASSWORD) });

/** POST {current, next}: the signed-in user's own password; their other sessions end. */
export async function POST(req: Request) {
  const who = await requireRole(req, 'viewer', { mutation: true, allowPasswordChange: true });
  if (who instanceof Response) return who;
  if (who.tokenId) return apiError(403, 'session_required', 'change a password from a signed-in browser, not with a token');
  const body = Body.safeParse(await jsonBody(req));
  if (!body.success) return apiError(400, 'bad_request', 'send {"current": "...", "next": "..."}');
  const keep = readCookie(req.headers.get('cookie'), SESSION_COOKIE);
  return resultResponse(await changeOwnPassword(who.id, body.data.current, body.data.next, keep));
}
