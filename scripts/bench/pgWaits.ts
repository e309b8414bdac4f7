// Samples what the bench database's backends are doing while a corpus ingests (pg_stat_activity, every 50 ms):
// running on CPU, waiting for a lock (and which), for WAL flush at commit, or for the client's next statement.
import pg from 'pg';

export interface PgWaitStats {
  samples: number;
  /** Mean number of backends in each state per sample (e.g. "Lock:transactionid" 1.4 = on average 1.4 backends
   * waiting on another transaction's row lock), highest first. */
  states: { state: string; backends: number }[];
}

export function startPgWaitSampler(databaseUrl: string, everyMs = 50): () => Promise<PgWaitStats> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'bench-sampler' });
  const counts = new Map<string, number>();
  let samples = 0;
  let stopped = false;
  const loop = (async () => {
    await client.connect();
    while (!stopped) {
      const { rows } = await client.query<{ state: string; n: number }>(
        `SELECT CASE
                  WHEN state = 'active' AND wait_event IS NULL THEN 'active (CPU)'
                  WHEN state = 'active' AND wait_event_type = 'Lock' THEN 'waiting Lock:' || wait_event || ' in '
                       || coalesce(substring(query from '(INSERT INTO [a-z_]+|UPDATE [a-z_]+|DELETE FROM [a-z_]+|SELECT)'), '?')
                  WHEN state = 'active' THEN 'waiting ' || wait_event_type || ':' || wait_event
                  WHEN state = 'idle in transaction' THEN 'idle in transaction (client working)'
                  ELSE state END AS state,
                count(*)::int AS n
         FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
           AND state IS NOT NULL AND state <> 'idle'
         GROUP BY 1`,
      );
      samples++;
      for (const r of rows) counts.set(r.state, (counts.get(r.state) ?? 0) + r.n);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return async () => {
    stopped = true;
    await loop.catch(() => {});
    await client.end().catch(() => {});
    return {
      samples,
      states: [...counts].map(([state, n]) => ({ state, backends: n / Math.max(1, samples) })).sort((a, b) => b.backends - a.backends),
    };
  };
}
