import { randomBytes } from 'node:crypto';
import { getPrisma } from '../db';
import { recordAudit, type AuditActor } from '../audit/auditLog';
import { hashPassword, verifyPassword } from '../auth/password';
import { isRole, type Role } from '../auth/roles';
import { deleteUserSessions } from '../auth/session';
import { disconnectUserSockets } from '../live/sessionSockets';
import { poolSql } from '../sql';
import { isUuid } from '../uuid';

export const MIN_PASSWORD = 10;
export const MAX_PASSWORD = 1024;

export type AdminResult<T> = { ok: true; value: T } | { ok: false; status: number; code: string; message: string };

const fail = (status: number, code: string, message: string): AdminResult<never> => ({ ok: false, status, code, message });

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: string;
  disabled: boolean;
  mustChangePassword: boolean;
  createdAt: string;
  activeTokens: number;
}

export async function listUsers(): Promise<UserView[]> {
  const users = await getPrisma().user.findMany({
    orderBy: { email: 'asc' },
    include: { _count: { select: { apiTokens: { where: { revokedAt: null } } } } },
  });
  return users.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    disabled: u.disabled,
    mustChangePassword: u.mustChangePassword,
    createdAt: u.createdAt.toISOString(),
    activeTokens: u._count.apiTokens,
  }));
}

/** A temporary password for a new or reset account: shown to the admin once, to be changed at first sign-in. */
function temporaryPassword(): string {
  return randomBytes(12).toString('base64url');
}

export async function createUser(
  actor: AuditActor,
  input: { email: string; name?: string; role: Role },
): Promise<AdminResult<{ user: UserView; temporaryPassword: string }>> {
  const email = input.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 320) return fail(400, 'bad_email', 'give a valid email address');
  if (!isRole(input.role)) return fail(400, 'bad_role', 'role must be viewer, uploader or admin');
  const prisma = getPrisma();
  if (await prisma.user.findUnique({ where: { email } })) return fail(409, 'email_taken', `${email} already has an account`);
  const password = temporaryPassword();
  const user = await prisma.user.create({
    data: { email, name: (input.name ?? '').trim().slice(0, 200), role: input.role, passwordHash: await hashPassword(password), mustChangePassword: true },
  });
  await recordAudit(poolSql(), { actor, action: 'user.create', subject: email, details: { role: input.role } });
  return { ok: true, value: { user: { ...toView(user), activeTokens: 0 }, temporaryPassword: password } };
}

/**
 * Role, name or disabled flag. Disabling ends the user's sessions and sockets at once (tokens stop too: they check the
 * flag); a role change closes the user's sockets so they come back with the new role.
 */
export async function updateUser(
  actor: AuditActor,
  id: string,
  change: { role?: Role; disabled?: boolean; name?: string },
): Promise<AdminResult<UserView>> {
  const prisma = getPrisma();
  const user = await findUser(id);
  if (!user) return fail(404, 'not_found', 'no such user');
  if (change.role !== undefined && !isRole(change.role)) return fail(400, 'bad_role', 'role must be viewer, uploader or admin');
  const losesAdmin = user.role === 'admin' && ((change.role !== undefined && change.role !== 'admin') || change.disabled === true);
  if (losesAdmin) {
    if (user.id === actor.id) return fail(409, 'self_lockout', 'you cannot demote or disable your own account');
    if ((await activeAdmins()) <= 1) return fail(409, 'last_admin', 'this is the last active admin');
  }
  const updated = await prisma.user.update({
    where: { id },
    data: { role: change.role, disabled: change.disabled, name: change.name?.trim().slice(0, 200) },
  });
  if (change.disabled) await deleteUserSessions(id);
  // A socket keeps the role it connected with: a changed role takes effect when it connects again.
  else if (updated.role !== user.role) disconnectUserSockets(id);
  await recordAudit(poolSql(), {
    actor,
    action: 'user.update',
    subject: user.email,
    details: { before: { role: user.role, disabled: user.disabled }, after: { role: updated.role, disabled: updated.disabled } },
  });
  return { ok: true, value: await viewOf(updated.id) };
}

/** Deletes the account with its sessions and tokens; its uploads stay (uploader shown as deleted). */
export async function deleteUser(actor: AuditActor, id: string): Promise<AdminResult<null>> {
  const user = await findUser(id);
  if (!user) return fail(404, 'not_found', 'no such user');
  if (user.id === actor.id) return fail(409, 'self_lockout', 'you cannot delete your own account');
  if (user.role === 'admin' && !user.disabled && (await activeAdmins()) <= 1) return fail(409, 'last_admin', 'this is the last active admin');
  await getPrisma().user.delete({ where: { id } });
  // Its sessions went with it (ON DELETE CASCADE); its open sockets close on every web node.
  disconnectUserSockets(id);
  await recordAudit(poolSql(), { actor, action: 'user.delete', subject: user.email, details: { role: user.role } });
  return { ok: true, value: null };
}

/** A new temporary password, shown once; the user must change it at next sign-in and is signed out everywhere. */
export async function resetPassword(actor: AuditActor, id: string): Promise<AdminResult<{ temporaryPassword: string }>> {
  const user = await findUser(id);
  if (!user) return fail(404, 'not_found', 'no such user');
  const password = temporaryPassword();
  await getPrisma().user.update({ where: { id }, data: { passwordHash: await hashPassword(password), mustChangePassword: true } });
  await deleteUserSessions(id);
  await recordAudit(poolSql(), { actor, action: 'user.password_reset', subject: user.email });
  return { ok: true, value: { temporaryPassword: password } };
}

/** The user's own change: needs the current password; other sessions end, the one in use stays. */
export async function changeOwnPassword(
  userId: string,
  current: string,
  next: string,
  keepSessionToken?: string,
): Promise<AdminResult<null>> {
  if (next.length < MIN_PASSWORD || next.length > MAX_PASSWORD) {
    return fail(400, 'weak_password', `the new password needs ${MIN_PASSWORD} to ${MAX_PASSWORD} characters`);
  }
  if (next === current) return fail(400, 'same_password', 'the new password must differ from the current one');
  const user = await findUser(userId);
  if (!user || !(await verifyPassword(current, user.passwordHash))) return fail(403, 'wrong_password', 'the current password is wrong');
  await getPrisma().user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(next), mustChangePassword: false } });
  await deleteUserSessions(userId, keepSessionToken);
  return { ok: true, value: null };
}

function findUser(id: string) {
  if (!isUuid(id)) return Promise.resolve(null);
  return getPrisma().user.findUnique({ where: { id } });
}

function activeAdmins(): Promise<number> {
  return getPrisma().user.count({ where: { role: 'admin', disabled: false } });
}

type UserRow = { id: string; email: string; name: string; role: string; disabled: boolean; mustChangePassword: boolean; createdAt: Date };

function toView(u: UserRow): Omit<UserView, 'activeTokens'> {
  return { id: u.id, email: u.email, name: u.name, role: u.role, disabled: u.disabled, mustChangePassword: u.mustChangePassword, createdAt: u.createdAt.toISOString() };
}

async function viewOf(id: string): Promise<UserView> {
  return (await listUsers()).find((u) => u.id === id)!;
}
