import { z } from 'zod';
import { requireRole } from '@/lib/auth/guard';
import { apiError, jsonBody } from '@/lib/http/respond';
import { publishResultsStatus } from '@/lib/live/publishCommitted';
import { getResultsStatus, RESULTS_STATUSES, setResultsStatus } from '@/lib/results/resultsStatus';

export const dynamic = 'force-dynamic';

export async function GET(req: Request) {
  const who = await requireRole(req, 'admin');
  if (who instanceof Response) return who;
  return Response.json(await getResultsStatus(), { headers: { 'cache-control': 'no-store' } });
}

const Body = z.object({ status: z.enum(RESULTS_STATUSES) });

/** PUT {status} (admin): test | unofficial-partial | unofficial-complete | certified; audited. */
export async function PUT(req: Request) {
  const who = await requireRole(req, 'admin', { mutation: true });
  if (who instanceof Response) return who;
  const body = Body.safeParse(await jsonBody(req));
  if (!body.success) return apiError(400, 'bad_request', `status must be one of ${RESULTS_STATUSES.join(', ')}`);
  const set = await setResultsStatus({ id: who.id, email: who.email }, body.data.status);
  await publishResultsStatus(set.status);
  return Response.json(set);
}
