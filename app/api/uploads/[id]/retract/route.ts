import { requireRole } from '@/lib/auth/guard';
import { apiError } from '@/lib/http/respond';
import { publishCommitted } from '@/lib/live/publishCommitted';
import { retractUpload } from '@/lib/uploads/retractUpload';
import { publishProgress } from '@/lib/uploads/uploadProgress';

export const dynamic = 'force-dynamic';

/** POST /api/uploads/:id/retract (admin): the upload stops counting; every dashboard sees the drop live. */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const who = await requireRole(req, 'admin', { mutation: true });
  if (who instanceof Response) return who;
  const { id } = await ctx.params;
  const result = await retractUpload(id, { id: who.id, email: who.email });
  if (!result.ok) return apiError(result.code === 'not_found' ? 404 : 409, result.code, result.message);
  if (result.delta) await publishCommitted(result.delta);
  await publishProgress(id);
  return Response.json({ id, status: 'retracted', rowsRemoved: result.rowsRemoved, votesRemoved: result.votesRemoved, version: result.delta?.version ?? null });
}
