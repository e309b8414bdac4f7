import { getEnv } from '../env';
import { apiError } from '../http/respond';
import { requireRole } from './guard';

/**
 * The rule of GET /api/results for the other public reads (map shape, expected voters): anyone, unless
 * PUBLIC_RESULTS=false, then any signed-in role. Null when allowed, else the 401 / 403 Response to send.
 */
export async function requireResultsAccess(req: Request): Promise<Response | null> {
  if (getEnv().PUBLIC_RESULTS) return null;
  const who = await requireRole(req, 'viewer');
  return who instanceof Response ? who : null;
}
