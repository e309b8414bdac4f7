import { z } from 'zod';
import { resetCounts } from '@/lib/admin/resetCounts';
import { requireRole } from '@/lib/auth/guard';
import { apiError, jsonBody } from '@/lib/http/respond';
import { publishReset } from '@/lib/live/publishCommitted';

export const dynamic = 'force-dynamic';

const Body = z.object({ confirm: z.literal('RESET') });

/** POST /api/admin/reset {"confirm":"RESET"} (admin): every count back to zero; running uploads are cancelled. */
export async function POST(req: Request) {
  const who = await requireRole(req, 'admin', { mutation: true });
  if (who instanceof Response) return who;
  if (!Body.safeParse(await jsonBody(req)).success) return apiError(400, 'confirm_required', 'type RESET to confirm: {"confirm":"RESET"}');
  const result = await resetCounts({ id: who.id, email: who.email });
  await publishReset(result.delta);
  return Response.json({ version: result.version, at: result.at, before: result.before, cancelledUploads: result.cancelled });
}
