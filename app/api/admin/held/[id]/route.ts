import { z } from 'zod';
import { requireRole } from '@/lib/auth/guard';
import { apiError, jsonBody } from '@/lib/http/respond';
import { decideHeld } from '@/lib/admin/heldStations';
import { publishCommitted } from '@/lib/live/publishCommitted';

export const dynamic = 'force-dynamic';

const Body = z.object({ decision: z.enum(['publish', 'reject']) });

/** POST {decision: publish|reject} (admin): counts a held report despite its checks, or refuses it; audited. */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const who = await requireRole(req, 'admin', { mutation: true });
  if (who instanceof Response) return who;
  const body = Body.safeParse(await jsonBody(req));
  if (!body.success) return apiError(400, 'bad_request', 'decision must be publish or reject');
  const r = await decideHeld((await ctx.params).id, body.data.decision, { id: who.id, email: who.email });
  if (!r.ok) return apiError(r.code === 'not_found' ? 404 : 409, r.code, r.message);
  if (r.delta) await publishCommitted(r.delta);
  return Response.json({ state: r.state, version: r.delta?.version ?? null });
}
