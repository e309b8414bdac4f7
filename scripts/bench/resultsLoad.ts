// GET /api/results at a steady pace while the corpus ingests: what a crowd of dashboards costs and sees.
import { percentile } from './stats';

export interface ResultsLoadStats {
  requests: number;
  failures: number;
  p50Ms: number;
  p99Ms: number;
  /** Requests actually sent per second (a slow server holds back a paced open loop only by its sockets). */
  achievedRps: number;
}

/** Starts an open-loop paced fetch loop; call the returned function to stop it and get the latencies. */
export function startResultsLoad(baseUrl: string, rps: number): () => Promise<ResultsLoadStats> {
  const latencies: number[] = [];
  const inFlight = new Set<Promise<void>>();
  let failures = 0;
  let sent = 0;
  const started = performance.now();
  const fire = () => {
    sent++;
    const t0 = performance.now();
    const p = fetch(`${baseUrl}/api/results`)
      .then(async (r) => {
        await r.arrayBuffer();
        if (!r.ok) failures++;
        else latencies.push(performance.now() - t0);
      })
      .catch(() => void failures++)
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  };
  // Fire by schedule, not after each answer, so a slow answer does not lower the offered load.
  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - started) / 1000) * rps) - sent;
    for (let i = 0; i < due; i++) fire();
  }, 5);
  return async () => {
    clearInterval(timer);
    const seconds = (performance.now() - started) / 1000;
    await Promise.all(inFlight);
    return { requests: sent, failures, p50Ms: percentile(latencies, 0.5), p99Ms: percentile(latencies, 0.99), achievedRps: sent / seconds };
  };
}
