import { z } from 'zod';
import { createUser, listUsers } from '@/lib/admin/users';
import { requireRole } from '@/lib/auth/guard';
import { ROLES } from '@/lib/auth/roles';
import { apiError, jsonBody, resultResponse } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';

export async function GET(req: Request) {
  const who = await requireRole(req, 'admin');
  if (who instanceof Response) return who;
  return Response.json({ users: await listUsers() }, { headers: { 'cache-control': 'no-store' } });
}

const Body = z.object({ email: z.string().max(320), name: z.string().max(200).optional(), role: z.enum(ROLES) });

/** POST {email, name?, role}: the answer carries a temporary password, shown this once. */
export async function POST(req: Request) {
  const who = await requireRole(req, 'admin', { mutation: true });
  if (who instanceof Response) return who;
  const body = Body.safeParse(await jsonBody(req));
  if (!body.success) return apiError(400, 'bad_request', 'send {"email": "...", "role": "viewer|uploader|admin", "name"?: "..."}');
  return resultResponse(await createUser({ id: who.id, email: who.email }, body.data), 201);
}
