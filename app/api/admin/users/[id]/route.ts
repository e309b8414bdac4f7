import { z } from 'zod';
import { deleteUser, updateUser } from '@/lib/admin/users';
import { requireRole } from '@/lib/auth/guard';
import { ROLES } from '@/lib/auth/roles';
import { apiError, jsonBody, resultResponse } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

const Change = z.object({ role: z.enum(ROLES).optional(), disabled: z.boolean().optional(), name: z.string().max(200).optional() }).strict();

/** PATCH {role?, disabled?, name?} (admin). */
export async function PATCH(req: Request, ctx: Ctx) {
  const who = await requireRole(req, 'admin', { mutation: true });
  if (who instanceof Response) return who;
  const change = Change.safeParse(await jsonBody(req));
  if (!change.success) return apiError(400, 'bad_request', 'send any of {"role", "disabled", "name"}');
  return resultResponse(await updateUser({ id: who.id, email: who.email }, (await ctx.params).id, change.data));
}

export async function DELETE(req: Request, ctx: Ctx) {
  const who = await requireRole(req, 'admin', { mutation: true });
  if (who instanceof Response) return who;
  return resultResponse(await deleteUser({ id: who.id, email: who.email }, (await ctx.params).id));
}
