import { getEnv } from '../env';
import { getPrisma } from '../db';
import { getRedis } from '../redis';
import { dummyHash, verifyPassword } from './password';
import { createSession, type AuthUser } from './session';

export type SignInResult =
  | { ok: true; user: AuthUser; token: string; expiresAt: Date }
  | { ok: false; reason: 'invalid_credentials' | 'rate_limited'; retryAfterSeconds?: number };

/**
 * Checks a password and opens a session. Attempts are counted per account and per IP in Redis, so the limit holds
 * across web nodes; a success clears the account's counter.
 */
export async function signIn(emailRaw: string, password: string, ip: string): Promise<SignInResult> {
  const env = getEnv();
  const email = emailRaw.trim().toLowerCase();
  const redis = getRedis();
  // Under the deployment's prefix: deployments (and test runs) sharing a Redis keep their own counters.
  const keys = [`${env.QUEUE_PREFIX}:login:acct:${email}`, `${env.QUEUE_PREFIX}:login:ip:${ip}`];
  const counts = await Promise.all(
    keys.map(async (k) => {
      const [[, n]] = (await redis.multi().incr(k).expire(k, env.LOGIN_WINDOW_SECONDS, 'NX').exec()) as [
        [unknown, number],
        unknown,
      ];
      return n;
    }),
  );
  // The address limit is separate and looser: several officials may share a counting centre's address.
  if (counts[0] > env.LOGIN_MAX_ATTEMPTS || counts[1] > env.LOGIN_IP_MAX_ATTEMPTS) {
    const ttl = await redis.ttl(counts[0] > env.LOGIN_MAX_ATTEMPTS ? keys[0] : keys[1]);
    return { ok: false, reason: 'rate_limited', retryAfterSeconds: Math.max(ttl, 1) };
  }
  const user = await getPrisma().user.findUnique({ where: { email } });
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
  if (!user || !ok || user.disabled) return { ok: false, reason: 'invalid_credentials' };
  await redis.del(keys[0]);
  const { token, expiresAt } = await createSession(user.id);
  return { ok: true, user: { id: user.id, email: user.email, role: user.role, mustChangePassword: user.mustChangePassword }, token, expiresAt };
}
