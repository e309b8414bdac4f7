import { apiError } from '../http/respond';
import { authenticate, isSameOrigin, type Principal } from './authenticate';
import { hasRole, type Role } from './roles';

export interface GuardOptions {
  /** A state-changing request: refuse cross-site cookie requests (CSRF). */
  mutation?: boolean;
  /** Allowed while the user must still change a reset password (the password route itself, sign-out). */
  allowPasswordChange?: boolean;
}

/**
 * The one gate in front of every route handler: who is asking, may they do this. Returns the principal, or the
 * error Response to send (401 not signed in, 403 wrong role / cross-site / password change pending).
 */
export async function requireRole(req: Request, needed: Role, opts: GuardOptions = {}): Promise<Principal | Response> {
  if (opts.mutation && !isSameOrigin(req)) return apiError(403, 'cross_origin', 'cross-site requests are not allowed');
  const who = await authenticate(req);
  if (!who) return apiError(401, 'unauthenticated', 'sign in first');
  if (who.mustChangePassword && !opts.allowPasswordChange) {
    return apiError(403, 'password_change_required', 'change your password first (an admin reset it)');
  }
  if (!hasRole(who.role, needed)) return apiError(403, 'forbidden', `this needs the ${needed} role`);
  return who;
}
