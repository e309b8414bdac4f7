import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticateHeaders } from '../auth/authenticate';
import { getEnv } from '../env';
import { log } from '../log';
import { currentResults } from './currentResults';
import { electionReport, sha256Hex } from './electionReport';
import { getResultsStatus } from './resultsStatus';
import type { Results } from './summarizeCells';
import { levelResults, levelResultsCsv, parseResultsQuery, resultsFileName } from './levelResults';

/** Whether the custom server answers this request itself (see serveResults). */
export function isResultsRequest(req: IncomingMessage): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const path = (req.url ?? '').split('?')[0];
  return path === '/api/results' || path === REPORT || path === `${REPORT}.sha256`;
}

const REPORT = '/api/results/report';

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
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.startsWith(REPORT)) return await serveReport(req, res, url.pathname.endsWith('.sha256'));
    const search = url.searchParams;
    if (search.size > 0) return await serveLevel(req, res, search);
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

/** The drill-down and downloads (lib/results/levelResults.ts): computed per request at the current version. */
async function serveLevel(req: IncomingMessage, res: ServerResponse, search: URLSearchParams): Promise<void> {
  const parsed = parseResultsQuery(search);
  if (!parsed.ok) return send(res, 400, errorBody('bad_query', parsed.message));
  const q = parsed.query;
  const r = await levelResults(q);
  const etag = `"v${r.version}"`;
  const headers: Record<string, string> = { etag, 'x-tally-version': String(r.version), 'cache-control': 'no-cache' };
  if (req.headers['if-none-match'] === etag) return send(res, 304, null, headers);
  if (q.format === 'csv') {
    res.writeHead(200, {
      ...headers,
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(resultsFileName(q, r.version))}`,
    });
    res.end(req.method === 'HEAD' ? undefined : levelResultsCsv(r));
    return;
  }
  send(res, 200, req.method === 'HEAD' ? null : JSON.stringify(r), headers);
}

/** The NIST-style report and, beside it, the sha256 of exactly those bytes (for publication and checking). */
async function serveReport(req: IncomingMessage, res: ServerResponse, digestOnly: boolean): Promise<void> {
  const [{ version, body: resultsJson }, { status }] = await Promise.all([currentResults(), getResultsStatus()]);
  const report = electionReport(JSON.parse(resultsJson) as Results, status, 'tally');
  const digest = sha256Hex(report);
  const headers = { etag: `"${digest}"`, 'x-tally-version': String(version), 'x-content-sha256': digest, 'cache-control': 'no-cache' };
  if (req.headers['if-none-match'] === headers.etag) return send(res, 304, null, headers);
  if (digestOnly) {
    res.writeHead(200, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
    res.end(req.method === 'HEAD' ? undefined : `${digest}  election-report-v${version}.json\n`);
    return;
  }
  send(res, 200, req.method === 'HEAD' ? null : report, headers);
}

function errorBody(code: string, message: string): string {
  return JSON.stringify({ error: { code, message } });
}

function send(res: ServerResponse, status: number, body: string | null, headers: Record<string, string> = { 'cache-control': 'no-store' }): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body ?? undefined);
}
