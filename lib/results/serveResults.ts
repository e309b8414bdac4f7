import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticateHeaders } from '../auth/authenticate';
import { getEnv } from '../env';
import { log } from '../log';
import { currentResults } from './currentResults';

/** Whether the custom server answers this request itself (see serveResults). */
export function isResultsRequest(req: IncomingMessage): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const url = req.url ?? '';
  return url === '/api/results' || url.startsWith('/api/results?');
}

/**
 * GET /api/results, answered by the custom server without going through Next: the endpoint newsrooms and
 * dashboards poll, and Next's routing alone cost ~2–3 ms of CPU per request (measured: 3.6 ms per results request
 * through a route handler), which at a few hundred requests per second took the event loop from the sockets.
 * The body is rendered once per tally version; `ETag: "v<version>"` lets a poller get 304 while nothing changed.
 */
export async function serveResults(req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    if (!getEnv().PUBLIC_RESULTS) {
      const who = await authenticateHeaders(req.headers.authorization, req.headers.cookie);
      if (!who) return send(res, 401, errorBody('unauthenticated', 'sign in first'));
      if (who.mustChangePassword) return send(res, 403, errorBody('password_change_required', 'change your password first (an admin reset it)'));
    }
    const { version, body } = await currentResults();
    const etag = `"v${version}"`;
    const headers = { etag, 'x-tally-version': String(version), 'cache-control': 'no-cache' };
    if (req.headers['if-none-match'] === etag) return send(res, 304, null, headers);
    send(res, 200, req.method === 'HEAD' ? null : body, headers);
  } catch (err) {
    log.error({ err }, 'results request failed');
    send(res, 500, errorBody('internal', 'results are unavailable right now'));
  }
}

function errorBody(code: string, message: string): string {
  return JSON.stringify({ error: { code, message } });
}

function send(res: ServerResponse, status: number, body: string | null, headers: Record<string, string> = { 'cache-control': 'no-store' }): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body ?? undefined);
}
