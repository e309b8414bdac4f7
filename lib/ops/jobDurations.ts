import type { Redis } from 'ioredis';
import type { HistogramSeries } from './exposition';

// How long chunk jobs take, as ONE cluster-wide histogram kept in Redis. Workers are separate processes (any
// number, on any host, started and stopped at will); recording into Redis at the end of each job means a scrape of
// any web node sees every worker's jobs, no scrape target per worker is needed, and a worker that exits loses none
// of what it measured. The cost is one MULTI per job (a job is a whole chunk, thousands of rows). A Redis restart
// empties the histogram, which Prometheus treats as a counter reset. Buckets are fixed here so every worker agrees.

/** Upper bounds in seconds. */
export const JOB_DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] as const;

export type JobOutcome = 'completed' | 'failed';

export function jobDurationsKey(prefix: string): string {
  return `${prefix}:metrics:job_seconds`;
}

/** The hash fields one observation increments (cumulative buckets, so the histogram is read as stored). */
export function bucketFields(outcome: JobOutcome, seconds: number): string[] {
  return JOB_DURATION_BUCKETS.filter((le) => seconds <= le).map((le) => `${outcome}:le:${le}`);
}

export async function recordJobDuration(redis: Redis, prefix: string, outcome: JobOutcome, seconds: number): Promise<void> {
  const key = jobDurationsKey(prefix);
  const m = redis.multi();
  for (const f of bucketFields(outcome, seconds)) m.hincrby(key, f, 1);
  m.hincrby(key, `${outcome}:count`, 1);
  m.hincrbyfloat(key, `${outcome}:sum`, seconds);
  await m.exec();
}

/** The stored hash as histogram series, one per outcome (both always present, zero when nothing was recorded). */
export function jobDurationSeries(hash: Record<string, string>): HistogramSeries[] {
  return (['completed', 'failed'] as const).map((outcome) => ({
    labels: { outcome },
    buckets: JOB_DURATION_BUCKETS.map((le) => [le, Number(hash[`${outcome}:le:${le}`] ?? 0)] as [number, number]),
    sum: Number(hash[`${outcome}:sum`] ?? 0),
    count: Number(hash[`${outcome}:count`] ?? 0),
  }));
}

export async function readJobDurations(redis: Redis, prefix: string): Promise<HistogramSeries[]> {
  return jobDurationSeries(await redis.hgetall(jobDurationsKey(prefix)));
}
