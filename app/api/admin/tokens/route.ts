import { z } from 'zod';
import { issueToken, listTokens } from '@/lib/admin/tokens';
import { requireRole } from '@/lib/auth/guard';
import { apiError, jsonBody, resultResponse } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';

export async function GET(req: Request) {
  const who = await requireRole(req, 'admin');
  if (who instanceof Response) return who;
  return Response.json({ tokens: await listTokens() }, { headers: { 'cache-control': 'no-store' } });
}

const Body = z.object({ userId: z.string().max(64), name: z.string().max(100) });

/** POST {userId, name} (admin): the answer carries the token, shown this once. */
export async function POST(req: Request) {
  const who = await requireRole(req, 'admin', { mutation: true });
  if (who instanceof Response) return who;
  const body = Body.safeParse(await jsonBody(req));
  if (!body.success) return apiError(400, 'bad_request', 'send {"userId": "...", "name": "..."}');
  return resultResponse(await issueToken({ id: who.id, email: who.email }, body.data.userId, body.data.name), 201);
}
