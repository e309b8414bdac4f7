import { randomBytes } from 'node:crypto';
import { getPrisma } from '../db';
import { hashPassword } from './password';

/**
 * Makes sure the first admin exists. An existing account is left alone (its password may have been changed since);
 * without ADMIN_PASSWORD a random one is generated and returned so start-up can print it once.
 */
export async function ensureAdmin(emailRaw: string, password?: string): Promise<{ created: boolean; password?: string }> {
  const email = emailRaw.trim().toLowerCase();
  const prisma = getPrisma();
  const existing = await prisma.user.findUnique({ where: { email } });
  if (existing) return { created: false };
  const plain = password ?? randomBytes(12).toString('base64url');
  const passwordHash = await hashPassword(plain);
  await prisma.user.create({ data: { email, passwordHash, role: 'admin', name: 'Administrator' } });
  return { created: true, password: password ? undefined : plain };
}
