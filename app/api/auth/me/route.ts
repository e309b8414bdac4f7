import { authenticate } from '@/lib/auth/authenticate';
import { apiError } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';

export async function GET(req: Request) {
  const who = await authenticate(req);
  if (!who) return apiError(401, 'unauthenticated', 'not signed in');
  return Response.json({ user: { email: who.email, role: who.role, mustChangePassword: who.mustChangePassword ?? false } }, { headers: { 'cache-control': 'no-store' } });
}
