import { revokeToken } from '@/lib/admin/tokens';
import { requireRole } from '@/lib/auth/guard';
import { resultResponse } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';

/** DELETE (admin): revokes the token; it is refused from the next request on. */
export async function DELETE(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const who = await requireRole(req, 'admin', { mutation: true });
  if (who instanceof Response) return who;
  return resultResponse(await revokeToken({ id: who.id, email: who.email }, (await ctx.params).id));
}
