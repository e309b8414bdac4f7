import { getEnv } from '../env';
import { getPrisma } from '../db';
import { disconnectSessionSockets, disconnectUserSockets } from '../live/sessionSockets';
import { hashSecret, newSecret } from './secretToken';

export const SESSION_COOKIE = 'tally_session';

export interface AuthUser {
  id: string;
  email: string;
  role: string;
  /** An admin reset the password: until it is changed, the user may do nothing else. */
  mustChangePassword?: boolean;
}

/** Creates a server-side session; returns the cookie secret and its expiry. */
export async function createSession(userId: string): Promise<{ token: string; expiresAt: Date }> {
  const token = newSecret('s_');
  const expiresAt = new Date(Date.now() + getEnv().SESSION_TTL_HOURS * 3600_000);
  await getPrisma().session.create({ data: { tokenHash: hashSecret(token), userId, expiresAt } });
  return { token, expiresAt };
}

/** The signed-in user for a session cookie value, or null (unknown, expired, or the user is disabled). */
export async function getSessionUser(token: string | undefined): Promise<AuthUser | null> {
  return (await getSession(token))?.user ?? null;
}

/** The session behind a cookie value with its user (null as for getSessionUser): sockets also need its id and end. */
export async function getSession(token: string | undefined): Promise<{ id: string; expiresAt: Date; user: AuthUser } | null> {
  if (!token) return null;
  const session = await getPrisma().session.findUnique({
    where: { tokenHash: hashSecret(token) },
    include: { user: { select: { id: true, email: true, role: true, disabled: true, mustChangePassword: true } } },
  });
  if (!session || session.expiresAt.getTime() <= Date.now() || session.user.disabled) return null;
  const { user } = session;
  return { id: session.id, expiresAt: session.expiresAt, user: { id: user.id, email: user.email, role: user.role, mustChangePassword: user.mustChangePassword } };
}

/** Ends every session of a user (disabled, deleted, password changed or reset), and closes their sockets everywhere. */
export async function deleteUserSessions(userId: string, exceptToken?: string): Promise<void> {
  const prisma = getPrisma();
  const kept = exceptToken ? await prisma.session.findUnique({ where: { tokenHash: hashSecret(exceptToken) }, select: { id: true } }) : null;
  await prisma.session.deleteMany({
    where: { userId, ...(exceptToken ? { NOT: { tokenHash: hashSecret(exceptToken) } } : {}) },
  });
  disconnectUserSockets(userId, kept?.id);
}

/** Ends one session (sign-out, or the browser signed in again) and closes its sockets everywhere. */
export async function deleteSession(token: string): Promise<void> {
  const ended = await getPrisma().session.findMany({ where: { tokenHash: hashSecret(token) }, select: { id: true } });
  await getPrisma().session.deleteMany({ where: { tokenHash: hashSecret(token) } });
  disconnectSessionSockets(ended.map((s) => s.id));
}

/** Set-Cookie value: httpOnly (no script access), SameSite=Lax (no cross-site POST carries it), Secure behind https. */
export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  const parts = [`${SESSION_COOKIE}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Expires=${expiresAt.toUTCString()}`];
  if (secure) parts.push('Secure');
  return parts.join('; ');
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
}

/** Reads one cookie from a Cookie header without trusting its shape. */
export function readCookie(header: string | null | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}
