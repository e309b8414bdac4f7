/**
 * The client's address for per-address limits (sign-in). Behind `trustedHops` proxies that each append the address
 * they saw to X-Forwarded-For, the client is the entry that many places from the right; entries further left were
 * sent by the client and prove nothing. Without proxies (0) or without the header it is the TCP peer.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trustedHops: number): string {
  const fallback = peer ?? 'unknown';
  if (trustedHops === 0 || forwardedFor === undefined) return fallback;
  const chain = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return chain.length >= trustedHops ? chain[chain.length - trustedHops] : fallback;
}
