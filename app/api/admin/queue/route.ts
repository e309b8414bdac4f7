import { requireRole } from '@/lib/auth/guard';
import { getQueueView } from '@/lib/ops/queueView';

export const dynamic = 'force-dynamic';

/** GET /api/admin/queue (admin): the ingest queue's counts, oldest waiting job's age and latest failed jobs. */
export async function GET(req: Request) {
  const who = await requireRole(req, 'admin');
  if (who instanceof Response) return who;
  return Response.json(await getQueueView(), { headers: { 'cache-control': 'no-store' } });
}
