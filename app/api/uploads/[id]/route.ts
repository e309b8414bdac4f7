import { authenticate } from '@/lib/auth/authenticate';
import { apiError } from '@/lib/http/respond';
import { getUploadDetails } from '@/lib/uploads/getUploadDetails';

export const dynamic = 'force-dynamic';

export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const who = await authenticate(req);
  if (!who) return apiError(401, 'unauthenticated', 'sign in to see uploads');
  const { id } = await ctx.params;
  const upload = await getUploadDetails(id);
  if (!upload) return apiError(404, 'not_found', 'no such upload');
  return Response.json(upload, { headers: { 'cache-control': 'no-store' } });
}
