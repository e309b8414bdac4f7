import type { IncomingMessage, ServerResponse } from 'node:http';
import { getEnv } from '../env';
import { log } from '../log';
import { hasMetricsToken, metricsAccessRefusal } from './metricsAccess';
import { METRICS_CONTENT_TYPE, metricsText } from './metrics';
import { checkReadiness } from './readiness';

const HEALTH = '/api/health';
const READY = '/api/ready';
const METRICS = '/api/metrics';

let shuttingDown = false;

/** From SIGTERM on, readiness answers 503 so the load balancer takes this node out while it drains. */
export function markShuttingDown(): void {
  shuttingDown = true;
}

/** Whether the custom server answers this request itself (see serveOps). */
export function isOpsRequest(req: IncomingMessage): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const path = (req.url ?? '').split('?')[0];
  return path === HEALTH || path === READY || path === METRICS;
}

/**
 * Liveness, readiness and metrics, answered by the custom server before Next: load balancers and scrapers call
 * them every few seconds on every node, and they must keep answering when Next's routing is busy or broken
 * (a route handler costs ~3 ms of CPU through Next, see serveResults). Liveness touches nothing else.
 */
export async function serveOps(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '').split('?')[0];
  try {
    if (path === HEALTH) return send(res, 200, { ok: true });
    if (path === READY) {
      if (shuttingDown) return send(res, 503, { ready: false, shuttingDown: true, checks: {} });
      const r = await checkReadiness();
      if (!r.ready) log.warn({ checks: r.checks }, 'not ready');
      // Error texts name internal hosts and ports: only for the METRICS_TOKEN bearer (checked without the database,
      // which may be the thing that is down); everyone else sees which check failed, and the log has the rest.
      if (hasMetricsToken(getEnv().METRICS_TOKEN, req.headers.authorization)) return send(res, r.ready ? 200 : 503, r);
      const checks = Object.fromEntries(Object.entries(r.checks).map(([name, c]) => [name, { ok: c.ok, ms: c.ms }]));
      return send(res, r.ready ? 200 : 503, { ...r, checks });
    }
    const refusal = await metricsAccessRefusal(getEnv().METRICS_TOKEN, req.headers.authorization, req.headers.cookie);
    if (refusal) return send(res, refusal.status, { error: { code: refusal.code, message: refusal.message } });
    const text = await metricsText();
    res.writeHead(200, { 'content-type': METRICS_CONTENT_TYPE, 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : text);
  } catch (err) {
    log.error({ err, path }, 'ops request failed');
    send(res, path === METRICS ? 500 : 503, { error: { code: 'internal', message: (err as Error).message } });
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
