import { getPrisma } from '../db';
import { recordAudit, type AuditActor } from '../audit/auditLog';
import { createApiToken } from '../auth/apiToken';
import { poolSql } from '../sql';
import { isUuid } from '../uuid';
import type { AdminResult } from './users';

export interface TokenView {
  id: string;
  name: string;
  userEmail: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export async function listTokens(): Promise<TokenView[]> {
  const rows = await getPrisma().apiToken.findMany({ orderBy: { createdAt: 'desc' }, include: { user: { select: { email: true } } } });
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    userEmail: t.user.email,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  }));
}

/** A token acting as `userId` (with that user's role); the secret is returned once, only its hash is kept. */
export async function issueToken(actor: AuditActor, userId: string, name: string): Promise<AdminResult<{ id: string; token: string }>> {
  const user = isUuid(userId) ? await getPrisma().user.findUnique({ where: { id: userId } }) : null;
  if (!user) return { ok: false, status: 404, code: 'not_found', message: 'no such user' };
  const label = name.trim().slice(0, 100);
  if (label.length === 0) return { ok: false, status: 400, code: 'bad_name', message: 'name the token (e.g. the counting centre it is for)' };
  const created = await createApiToken(user.id, label);
  await recordAudit(poolSql(), { actor, action: 'token.create', subject: label, details: { user: user.email, tokenId: created.id } });
  return { ok: true, value: created };
}

/** Revoked at once: the next request with it is refused. */
export async function revokeToken(actor: AuditActor, id: string): Promise<AdminResult<null>> {
  const token = isUuid(id) ? await getPrisma().apiToken.findUnique({ where: { id }, include: { user: { select: { email: true } } } }) : null;
  if (!token) return { ok: false, status: 404, code: 'not_found', message: 'no such token' };
  if (!token.revokedAt) await getPrisma().apiToken.update({ where: { id }, data: { revokedAt: new Date() } });
  await recordAudit(poolSql(), { actor, action: 'token.revoke', subject: token.name, details: { user: token.user.email, tokenId: id } });
  return { ok: true, value: null };
}
