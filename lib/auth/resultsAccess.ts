import { getEnv } from '../env';
import { apiError } from '../http/respond';
import { authenticateHeaders } from './authenticate';

export interface Refusal {
  status: 401 | 403;
  code: string;
  message: string;
}

/**
 * The results' access rule, for every results-like read (GET /api/results and its fast paths, the ledger, the map
 * shape, expected voters, the uploads feed): anyone, unless PUBLIC_RESULTS=false, then any signed-in user (every
 * role may read results) who need not change a password first. Null when the request may read.
 */
export async function resultsAccessRefusal(authorization: string | null | undefined, cookie: string | null | undefined): Promise<Refusal | null> {
  if (getEnv().PUBLIC_RESULTS) return null;
  const who = await authenticateHeaders(authorization, cookie);
  if (!who) return { status: 401, code: 'unauthenticated', message: 'sign in first' };
  if (who.mustChangePassword) return { status: 403, code: 'password_change_required', message: 'change your password first (an admin reset it)' };
  return null;
}

/** The same rule for route handlers: null when allowed, else the 401 / 403 Response to send. */
export async function requireResultsAccess(req: Request): Promise<Response | null> {
  const refusal = await resultsAccessRefusal(req.headers.get('authorization'), req.headers.get('cookie'));
  return refusal ? apiError(refusal.status, refusal.code, refusal.message) : null;
}

/** How shared caches may keep a results answer that never changes (a past version): publicly only when public. */
export function immutableCacheControl(): string {
  return `${getEnv().PUBLIC_RESULTS ? 'public' : 'private'}, max-age=31536000, immutable`;
}
