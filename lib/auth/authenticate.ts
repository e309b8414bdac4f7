import { getTokenUser } from './apiToken';
import { SESSION_COOKIE, getSessionUser, readCookie, type AuthUser } from './session';

export interface Principal extends AuthUser {
  /** Set when the request used a bearer token instead of a session cookie. */
  tokenId?: string;
}

/** Who made this request: a bearer token (scripts) or a session cookie (browsers); null when neither is valid. */
export async function authenticate(req: Request): Promise<Principal | null> {
  return authenticateHeaders(req.headers.get('authorization'), req.headers.get('cookie'));
}

/** The same from raw header values (for the custom server's own fast paths, which see Node requests). */
export async function authenticateHeaders(authorization: string | null | undefined, cookie: string | null | undefined): Promise<Principal | null> {
  if (authorization?.startsWith('Bearer ')) return getTokenUser(authorization.slice(7).trim());
  return getSessionUser(readCookie(cookie, SESSION_COOKIE));
}

/**
 * CSRF defence for cookie-authenticated mutations: a browser always sends Origin on a cross-site POST, so it must
 * name this host. Requests authenticated by a bearer token carry no ambient credentials and are exempt.
 */
export function isSameOrigin(req: Request): boolean {
  if (req.headers.get('authorization')?.startsWith('Bearer ')) return true;
  const origin = req.headers.get('origin');
  if (!origin) return req.headers.get('sec-fetch-site') !== 'cross-site';
  const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host');
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
