import { requireRole } from '@/lib/auth/guard';
import { apiError } from '@/lib/http/respond';
import { getUploadDetails } from '@/lib/uploads/getUploadDetails';
import { uploadErrorsBody } from '@/lib/uploads/streamUploadErrors';

export const dynamic = 'force-dynamic';

/** GET /api/uploads/:id/errors?format=csv|json — every rejected row with its row number and reason. */
export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const who = await requireRole(req, 'uploader');
  if (who instanceof Response) return who;
  const { id } = await ctx.params;
  const upload = await getUploadDetails(id, who.role === 'admin' ? undefined : who.id);
  if (!upload) return apiError(404, 'not_found', 'no such upload');
  const format = new URL(req.url).searchParams.get('format') === 'csv' ? 'csv' : 'json';
  const name = `${upload.filename.replace(/[^\w.-]+/g, '_')}-errors.${format}`;
  return new Response(uploadErrorsBody(id, format), {
    headers: {
      'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'no-store',
    },
  });
}
