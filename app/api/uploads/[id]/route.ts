import { requireRole } from '@/lib/auth/guard';
import { apiError } from '@/lib/http/respond';
import { getUploadDetails } from '@/lib/uploads/getUploadDetails';

export const dynamic = 'force-dynamic';

export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const who = await requireRole(req, 'uploader');
  if (who instanceof Response) return who;
  const { id } = await ctx.params;
  const upload = await getUploadDetails(id, who.role === 'admin' ? undefined : who.id);
  if (!upload) return apiError(404, 'not_found', 'no such upload');
  return Response.json(upload, { headers: { 'cache-control': 'no-store' } });
}
