import { z } from 'zod';
import { isSameOrigin } from '@/lib/auth/authenticate';
import { deleteSession, readCookie, SESSION_COOKIE, sessionCookie } from '@/lib/auth/session';
import { signIn } from '@/lib/auth/signIn';
import { getEnv } from '@/lib/env';
import { apiError } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';

const Body = z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(1024) });

export async function POST(req: Request) {
  if (!isSameOrigin(req)) return apiError(403, 'cross_origin', 'cross-site requests are not allowed');
  const parsed = Body.safeParse(await req.json().catch(() => null));
  if (!parsed.success) return apiError(400, 'bad_request', 'send {"email": "...", "password": "..."}');
  const ip = req.headers.get('x-tally-client-ip') ?? 'unknown';
  const result = await signIn(parsed.data.email, parsed.data.password, ip);
  if (!result.ok) {
    if (result.reason === 'rate_limited') {
      return apiError(429, 'rate_limited', `too many sign-in attempts; try again in ${result.retryAfterSeconds} s`, {
        'retry-after': String(result.retryAfterSeconds),
      });
    }
    return apiError(401, 'invalid_credentials', 'wrong email or password');
  }
  // A new session at every sign-in; the one this browser held before (if any) ends (no session fixation).
  const previous = readCookie(req.headers.get('cookie'), SESSION_COOKIE);
  if (previous) await deleteSession(previous);
  const secure = getEnv().COOKIE_SECURE ?? new URL(req.url).protocol === 'https:';
  return Response.json(
    { user: { email: result.user.email, role: result.user.role, mustChangePassword: result.user.mustChangePassword ?? false } },
    { headers: { 'set-cookie': sessionCookie(result.token, result.expiresAt, secure) } },
  );
}
