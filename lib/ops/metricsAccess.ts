import { createHash, timingSafeEqual } from 'node:crypto';
import { authenticateHeaders } from '../auth/authenticate';
import { hasRole } from '../auth/roles';
import type { Refusal } from '../auth/resultsAccess';

/** Constant-time comparison of a presented bearer secret with the configured one (digests: equal lengths). */
export function sameSecret(presented: string, configured: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(configured).digest();
  return timingSafeEqual(a, b);
}

/**
 * Who may read GET /api/metrics: a scraper presenting `Authorization: Bearer <METRICS_TOKEN>` (when set), or an
 * admin (session or API token). Election-night figures (counts, queue, upload states) are not public by default,
 * even on a private network. Null when allowed.
 */
/** Whether the request carries the METRICS_TOKEN bearer (no database involved: usable while Postgres is down). */
export function hasMetricsToken(metricsToken: string | undefined, authorization: string | undefined): boolean {
  const bearer = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : undefined;
  return !!metricsToken && bearer !== undefined && sameSecret(bearer, metricsToken);
}

export async function metricsAccessRefusal(
  metricsToken: string | undefined,
  authorization: string | undefined,
  cookie: string | undefined,
): Promise<Refusal | null> {
  if (hasMetricsToken(metricsToken, authorization)) return null;
  const who = await authenticateHeaders(authorization, cookie);
  if (!who) return { status: 401, code: 'unauthenticated', message: 'metrics need the METRICS_TOKEN bearer or an admin' };
  if (who.mustChangePassword) return { status: 403, code: 'password_change_required', message: 'change your password first (an admin reset it)' };
  if (!hasRole(who.role, 'admin')) return { status: 403, code: 'forbidden', message: 'metrics need the admin role or the METRICS_TOKEN bearer' };
  return null;
}
