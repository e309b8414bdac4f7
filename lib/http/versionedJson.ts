import { createHash } from 'node:crypto';

/**
 * A JSON answer with an ETag (given, or the body's sha256), 304 when the client already holds it. For route
 * handlers; the custom server's results fast path has its own (lib/results/serveResults.ts).
 */
export function versionedJson(req: Request, body: string, etag?: string, headers: Record<string, string> = {}): Response {
  const tag = etag ?? `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
  const all = { 'content-type': 'application/json', etag: tag, 'cache-control': 'no-cache', ...headers };
  if (req.headers.get('if-none-match') === tag) return new Response(null, { status: 304, headers: all });
  return new Response(body, { status: 200, headers: all });
}
