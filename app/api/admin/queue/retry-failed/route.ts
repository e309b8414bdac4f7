import { requireRole } from '@/lib/auth/guard';
import { retryFailedJobs } from '@/lib/ops/queueView';

export const dynamic = 'force-dynamic';

/** POST /api/admin/queue/retry-failed (admin): every failed chunk job back to waiting → {retried}; audited. */
export async function POST(req: Request) {
  const who = await requireRole(req, 'admin', { mutation: true });
  if (who instanceof Response) return who;
  return Response.json(await retryFailedJobs({ id: who.id, email: who.email }));
}
