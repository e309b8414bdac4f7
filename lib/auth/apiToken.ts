import { getPrisma } from '../db';
import { hashSecret, newSecret } from './secretToken';
import type { AuthUser } from './session';

/** Creates a bearer token for a user; the secret is returned once and only its hash is stored. */
export async function createApiToken(userId: string, name = ''): Promise<{ id: string; token: string }> {
  const token = newSecret('tly_');
  const row = await getPrisma().apiToken.create({ data: { userId, name, tokenHash: hashSecret(token) } });
  return { id: row.id, token };
}

export async function getTokenUser(token: string): Promise<(AuthUser & { tokenId: string }) | null> {
  const prisma = getPrisma();
  const row = await prisma.apiToken.findUnique({
    where: { tokenHash: hashSecret(token) },
    include: { user: { select: { id: true, email: true, role: true, disabled: true } } },
  });
  if (!row || row.revokedAt || row.user.disabled) return null;
  await prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  return { id: row.user.id, email: row.user.email, role: row.user.role, tokenId: row.id };
}
