import { authenticate, isSameOrigin } from '@/lib/auth/authenticate';
import { apiError } from '@/lib/http/respond';
import { publishCommitted } from '@/lib/live/publishCommitted';
import { retractUpload } from '@/lib/uploads/retractUpload';
import { publishProgress } from '@/lib/uploads/uploadProgress';

export const dynamic = 'force-dynamic';

/** POST /api/uploads/:id/retract (admin): the upload stops counting; every dashboard sees the drop live. */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  if (!isSameOrigin(req)) return apiError(403, 'cross_origin', 'cross-site requests are not allowed');
  const who = await authenticate(req);
  if (!who) return apiError(401, 'unauthenticated', 'sign in to retract uploads');
  if (who.role !== 'admin') return apiError(403, 'forbidden', 'only an admin may retract an upload');
  const { id } = await ctx.params;
  const result = await retractUpload(id, who.id);
  if (!result.ok) return apiError(result.code === 'not_found' ? 404 : 409, result.code, result.message);
  if (result.delta) await publishCommitted(result.delta);
  await publishProgress(id);
  return Response.json({ id, status: 'retracted', rowsRemoved: result.rowsRemoved, votesRemoved: result.votesRemoved, version: result.delta?.version ?? null });
}
