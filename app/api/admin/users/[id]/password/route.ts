import { resetPassword } from '@/lib/admin/users';
import { requireRole } from '@/lib/auth/guard';
import { resultResponse } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';

/** POST (admin): a new temporary password, shown once; the user must change it at next sign-in. */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const who = await requireRole(req, 'admin', { mutation: true });
  if (who instanceof Response) return who;
  return resultResponse(await resetPassword({ id: who.id, email: who.email }, (await ctx.params).id));
}
