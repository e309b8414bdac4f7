import os from 'node:os';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { getPool } from '../db';
import { getEnv } from '../env';
import { log } from '../log';
import { getIngestQueue } from '../queue';
import { getRedis } from '../redis';
import { renderGauge, renderHistogram } from './exposition';
import { readJobDurations } from './jobDurations';
import { withTimeout } from './withTimeout';

// Two kinds of series on GET /api/metrics:
// - cluster-wide (no process labels): read at scrape time from the shared state every node sees — Postgres (rows,
//   votes, uploads, version), BullMQ (queue depth) and Redis (job durations, recorded there by every worker; see
//   jobDurations.ts). Any web node answers them the same, so a scraper may hit one node behind the load balancer or
//   all of them; with several targets, aggregate with max()/avg() by series, never sum().
// - per-process (labels role, pid, instance): this web node's sockets, delta lag, results requests, published
//   version, and prom-client's process metrics (CPU, memory, event loop lag). Scrape every web node for these.

const KEY = Symbol.for('tally.metrics');
type Held = {
  registry: Registry;
  socketsConnected: Gauge;
  deltaLag: Histogram;
  resultsRequests: Counter<'path' | 'code'>;
  publishedVersion: Gauge;
  socketCount: () => number;
  version: () => number;
};
type Holder = { [KEY]?: Held };

function held(): Held {
  const g = globalThis as Holder;
  if (g[KEY]) return g[KEY];
  const registry = new Registry();
  registry.setDefaultLabels({ role: process.env.TALLY_PROCESS ?? 'web', pid: String(process.pid), instance: os.hostname() });
  collectDefaultMetrics({ register: registry });
  const h: Held = {
    registry,
    socketCount: () => 0,
    version: () => 0,
    socketsConnected: new Gauge({
      name: 'tally_sockets_connected',
      help: 'Socket.IO connections open on this web node',
      registers: [registry],
      collect() {
        this.set(h.socketCount());
      },
    }),
    publishedVersion: new Gauge({
      name: 'tally_node_published_version',
      help: 'Tally version this web node has pushed to its sockets',
      registers: [registry],
      collect() {
        this.set(h.version());
      },
    }),
    deltaLag: new Histogram({
      name: 'tally_delta_lag_seconds',
      help: "From a tally version's commit (its delta's `at`) to this node pushing it to its sockets",
      buckets: [0.01, 0.025, 0.05, 0.1, 0.2, 0.35, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    resultsRequests: new Counter({
      name: 'tally_results_requests_total',
      help: 'Results reads answered by this web node (the fast path: /api/results, report, timeline), by status code',
      labelNames: ['path', 'code'],
      registers: [registry],
    }),
  };
  g[KEY] = h;
  return h;
}

/** The web node tells the metrics how to read its live figures (sockets, pushed version) at scrape time. */
export function bindNodeGauges(sources: { sockets: () => number; version: () => number }): void {
  const h = held();
  h.socketCount = sources.sockets;
  h.version = sources.version;
}

export function observeDeltaLag(seconds: number): void {
  held().deltaLag.observe(Math.max(0, seconds));
}

export function countResultsRequest(path: string, code: number): void {
  held().resultsRequests.inc({ path, code: String(code) });
}

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed'] as const;

/** Cluster-wide series, from Postgres, BullMQ and Redis. */
export async function clusterMetricsText(): Promise<string> {
  const pool = getPool();
  const prefix = getEnv().QUEUE_PREFIX;
  const [rows, uploads, votes, version, counts, durations] = await Promise.all([
    pool.query<{ accepted: string; rejected: string }>(
      'SELECT coalesce(sum(rows_accepted), 0)::bigint AS accepted, coalesce(sum(rows_rejected), 0)::bigint AS rejected FROM upload',
    ),
    pool.query<{ status: string; n: string }>('SELECT status, count(*)::bigint AS n FROM upload GROUP BY status'),
    pool.query<{ status: string; votes: string }>('SELECT status, coalesce(sum(votes), 0)::bigint AS votes FROM tally GROUP BY status'),
    pool.query<{ version: string }>('SELECT version FROM tally_version WHERE id = 1'),
    getIngestQueue().getJobCounts(...QUEUE_STATES),
    readJobDurations(getRedis(), prefix),
  ]);
  const byStatus = new Map(uploads.rows.map((r) => [r.status, Number(r.n)]));
  const votesBy = new Map(votes.rows.map((r) => [r.status, Number(r.votes)]));
  const uploadStatuses = ['queued', 'processing', 'done', 'failed', 'retracting', 'retracted'];
  for (const s of byStatus.keys()) if (!uploadStatuses.includes(s)) uploadStatuses.push(s);
  return [
    renderGauge('tally_rows', 'Rows of every upload, accepted (counted) or rejected; a row uncounted later as a duplicate moves from accepted to rejected', [
      { labels: { result: 'accepted' }, value: Number(rows.rows[0].accepted) },
      { labels: { result: 'rejected' }, value: Number(rows.rows[0].rejected) },
    ]),
    renderGauge('tally_votes_counted', 'Votes in the tallies now, by status (valid, blank, null)', ['valid', 'blank', 'null'].map((s) => ({ labels: { status: s }, value: votesBy.get(s) ?? 0 }))),
    renderGauge('tally_uploads', 'Uploads by status', uploadStatuses.map((s) => ({ labels: { status: s }, value: byStatus.get(s) ?? 0 }))),
    renderGauge('tally_version', 'Current tally version (committed)', [{ labels: {}, value: Number(version.rows[0]?.version ?? 0) }]),
    renderGauge('tally_queue_jobs', 'Chunk jobs in the ingest queue by state (completed and failed are the ones still kept)', QUEUE_STATES.map((s) => ({ labels: { state: s }, value: counts[s] ?? 0 }))),
    renderHistogram('tally_job_duration_seconds', 'Chunk job processing time, from a worker taking the job to it finishing, across all workers', durations),
  ].join('');
}

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * The whole scrape: cluster-wide series, then this process's. When Postgres, Redis or the queue does not answer
 * within READY_TIMEOUT_MS, the cluster series are left out and `tally_cluster_scrape_ok` says 0: this node's own
 * series (sockets, delta lag, process) are exactly what one wants to see during such an outage.
 */
export async function metricsText(): Promise<string> {
  const [cluster, local] = await Promise.all([
    withTimeout(clusterMetricsText(), getEnv().READY_TIMEOUT_MS, 'cluster metrics').then(
      (text) => ({ ok: true, text }),
      (err: Error) => {
        log.warn({ err: err.message }, 'cluster metrics unavailable');
        return { ok: false, text: '' };
      },
    ),
    held().registry.metrics(),
  ]);
  const ok = renderGauge('tally_cluster_scrape_ok', 'Whether the cluster-wide series (read from Postgres, Redis and the queue) are in this scrape', [
    { labels: {}, value: cluster.ok ? 1 : 0 },
  ]);
  return ok + cluster.text + local;
}
