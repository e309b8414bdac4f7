import { requireRole } from '@/lib/auth/guard';
import { listHeld } from '@/lib/admin/heldStations';

export const dynamic = 'force-dynamic';

/** GET (admin): station reports held by the checks, oldest first, with the reason; `{held: [...], total}`. */
export async function GET(req: Request) {
  const who = await requireRole(req, 'admin');
  if (who instanceof Response) return who;
  return Response.json(await listHeld(), { headers: { 'cache-control': 'no-store' } });
}
