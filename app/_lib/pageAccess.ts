import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { hasRole, type Role } from '@/lib/auth/roles';
import { getSessionUser, SESSION_COOKIE, type AuthUser } from '@/lib/auth/session';
import { getEnv } from '@/lib/env';

/** The signed-in user of this page request, or null. */
export async function pageUser(): Promise<AuthUser | null> {
  return getSessionUser((await cookies()).get(SESSION_COOKIE)?.value);
}

/**
 * For pages behind a role: sends visitors to sign in (and back), users with a reset password to change it first.
 * Returns the user and whether their role suffices; the page shows a refusal when it does not.
 */
export async function pageAccess(needed: Role, path: string): Promise<{ user: AuthUser; allowed: boolean }> {
  const user = await pageUser();
  if (!user) redirect(`/login?next=${encodeURIComponent(path)}`);
  if (user.mustChangePassword) redirect(`/account?next=${encodeURIComponent(path)}`);
  return { user, allowed: hasRole(user.role, needed) };
}

/** The results pages: public unless PUBLIC_RESULTS=false. */
export async function resultsPageAccess(path: string): Promise<AuthUser | null> {
  if (getEnv().PUBLIC_RESULTS) return pageUser();
  return (await pageAccess('viewer', path)).user;
}
