import type { IncomingMessage, ServerResponse } from 'node:http';
import { immutableCacheControl, resultsAccessRefusal } from '../auth/resultsAccess';
import { log } from '../log';
import { currentResults } from './currentResults';
import { createHash } from 'node:crypto';
import { getCurrentVersion } from './getSnapshot';
import { renderNistReport } from './nistExport';
import { getResultsAt, parseVersionParam } from './getResultsAt';
import { getTimelineBody } from './getTimeline';
import { getResultsStatus } from './resultsStatus';
import type { ResultsStatusValue } from './resultsStatusValues';
import { MAX_CONTEST_NAME } from './contests';
import { BuiltPerVersion } from './builtPerVersion';
import { feedBody } from './resultsFeed';
import { levelResults, levelResultsCsv, parseResultsQuery, resultsFileName, type LevelResults } from './levelResults';

/** Whether the custom server answers this request itself (see serveResults). */
export function isResultsRequest(req: IncomingMessage): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const path = (req.url ?? '').split('?')[0];
  return path === '/api/results' || path === REPORT || path === `${REPORT}.sha256` || path === TIMELINE || path === FEED;
}

const REPORT = '/api/results/report';
const TIMELINE = '/api/results/timeline';
const FEED = '/api/results/feed.json';

/**
 * GET /api/results, answered by the custom server without going through Next: the endpoint newsrooms and
 * dashboards poll, and Next's routing alone cost ~2–3 ms of CPU per request (measured: 3.6 ms per results request
 * through a route handler), which at a few hundred requests per second took the event loop from the sockets.
 * The body is rendered once per tally version; `ETag: "v<version>"` lets a poller get 304 while nothing changed.
 */
export async function serveResults(req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const refusal = await resultsAccessRefusal(req.headers.authorization, req.headers.cookie);
    if (refusal) return send(res, refusal.status, errorBody(refusal.code, refusal.message));
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.startsWith(REPORT)) return await serveReport(req, res, url.pathname.endsWith('.sha256'));
    const search = url.searchParams;
    if (url.pathname === FEED) return await serveFeed(req, res, search);
    const contest = search.get('contest') ?? '';
    if (contest.length > MAX_CONTEST_NAME) return send(res, 400, errorBody('bad_query', `contest is at most ${MAX_CONTEST_NAME} characters`));
    if (url.pathname === TIMELINE) return await serveTimeline(req, res, search, contest);
    if (search.has('version')) return await serveVersion(req, res, search, contest);
    if ([...search.keys()].some((k) => k !== 'contest')) return await serveLevel(req, res, search);
    const { version, body } = await currentResults(contest);
    answer(req, res, `"v${version}"`, version, () => body);
  } catch (err) {
    log.error({ err }, 'results request failed');
    send(res, 500, errorBody('internal', 'results are unavailable right now'));
  }
}

/** ?version=N: the results as they stood at version N (lib/results/getResultsAt.ts); never changes, so cached for good. */
async function serveVersion(req: IncomingMessage, res: ServerResponse, search: URLSearchParams, contest: string): Promise<void> {
  if ([...search.keys()].some((k) => k !== 'version' && k !== 'contest')) {
    return send(res, 400, errorBody('bad_query', 'version can be combined only with contest'));
  }
  const version = parseVersionParam(search.get('version'));
  if (version === null) return send(res, 400, errorBody('bad_query', 'version must be a whole number from 0 to the current version'));
  const rendered = await resultsAtBody(version, contest);
  if (!rendered.ok) return send(res, 400, errorBody('bad_query', `version must be from 0 to the current version (${rendered.current})`));
  answer(req, res, `"v${version}"`, version, () => rendered.body, { 'cache-control': immutableCacheControl() });
}

/** A slider dragged across versions by many viewers asks for the same few versions: keep the last bodies. */
const pastBodies = new Map<string, string>();
const PAST_BODIES_MAX = 64;

async function resultsAtBody(version: number, contest: string): Promise<{ ok: true; body: string } | { ok: false; current: number }> {
  const key = `${version}\u0000${contest}`;
  const hit = pastBodies.get(key);
  if (hit !== undefined) return { ok: true, body: hit };
  const r = await getResultsAt(version, contest);
  if (!r.ok) return r;
  const body = JSON.stringify({ contest, ...r.results });
  if (pastBodies.size >= PAST_BODIES_MAX) pastBodies.delete(pastBodies.keys().next().value!);
  pastBodies.set(key, body);
  return { ok: true, body };
}

/** /api/results/timeline[?region=R] (lib/results/getTimeline.ts). */
async function serveTimeline(req: IncomingMessage, res: ServerResponse, search: URLSearchParams, contest: string): Promise<void> {
  const region = search.get('region');
  if ([...search.keys()].some((k) => k !== 'region' && k !== 'contest')) return send(res, 400, errorBody('bad_query', 'the timeline takes only region= and contest='));
  if (region !== null && (region.length === 0 || region.length > 500)) return send(res, 400, errorBody('bad_query', 'region is 1 to 500 characters'));
  const { version, body } = await getTimelineBody(region, contest);
  answer(req, res, `"t${version}"`, version, () => body);
}

/** The drill-down and downloads (lib/results/levelResults.ts): computed per request at the current version. */
async function serveLevel(req: IncomingMessage, res: ServerResponse, search: URLSearchParams): Promise<void> {
  const parsed = parseResultsQuery(search);
  if (!parsed.ok) return send(res, 400, errorBody('bad_query', parsed.message));
  const q = parsed.query;
  const r = await levels.get(JSON.stringify([q.contest, q.level, q.region ?? null, q.province ?? null]), await getCurrentVersion(), () => levelResults(q));
  if (q.format === 'json') return answer(req, res, `"v${r.version}"`, r.version, () => JSON.stringify(r));
  answer(req, res, `"v${r.version}"`, r.version, () => levelResultsCsv(r), {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(resultsFileName(q, r.version))}`,
  });
}

/** GET /api/results/feed.json: every contest × every unit at one version, immutable per version (lib/results/resultsFeed.ts). */
async function serveFeed(req: IncomingMessage, res: ServerResponse, search: URLSearchParams): Promise<void> {
  if (search.size > 0) return send(res, 400, errorBody('bad_query', 'the feed takes no parameters'));
  const { version, body } = await feedBody();
  answer(req, res, `"f${version}"`, version, () => body);
}

/** The NIST-style report and, beside it, the sha256 of exactly those bytes (for publication and checking). */
async function serveReport(req: IncomingMessage, res: ServerResponse, digestOnly: boolean): Promise<void> {
  const [current, { status }] = await Promise.all([getCurrentVersion(), getResultsStatus()]);
  const { version, report, digest } = await reportFor(current, status);
  const headers = { 'x-content-sha256': digest };
  if (digestOnly) {
    answer(req, res, `"${digest}"`, version, () => `${digest}  election-report-v${version}.json\n`, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
  } else {
    answer(req, res, `"${digest}"`, version, () => report, headers);
  }
}

/** Levels (json and csv render from one read) and the report (per status) at the current version. */
const levels = new BuiltPerVersion<LevelResults>(256);

interface BuiltReport {
  version: number;
  report: string;
  digest: string;
}
const reports = new BuiltPerVersion<BuiltReport>(8);

function reportFor(current: number, status: ResultsStatusValue): Promise<BuiltReport> {
  return reports.get(status, current, async () => {
    const { version, report } = await renderNistReport(status);
    return { version, report, digest: createHash('sha256').update(report).digest('hex') };
  });
}

/** A versioned answer: 304 when the client already holds this ETag, else the body (built only when sent). */
function answer(req: IncomingMessage, res: ServerResponse, etag: string, version: number, body: () => string, headers: Record<string, string> = {}): void {
  const all = { 'content-type': 'application/json', etag, 'x-tally-version': String(version), 'cache-control': 'no-cache', ...headers };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, all);
    res.end();
    return;
  }
  res.writeHead(200, all);
  res.end(req.method === 'HEAD' ? undefined : body());
}

function errorBody(code: string, message: string): string {
  return JSON.stringify({ error: { code, message } });
}

function send(res: ServerResponse, status: number, body: string | null, headers: Record<string, string> = { 'cache-control': 'no-store' }): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body ?? undefined);
}
