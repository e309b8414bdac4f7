// npm run bench -- [--corpus peru-xlsx|peru-csv|us-json|peru-stations|all] [--scale 1] [--runs 1] [--workers 2] [--out bench-out] …
// Uploads generated corpora through the HTTP API to a real stack (one web node, M workers, Postgres, Redis) while a
// Socket.IO client listens; prints one table (speed, memory, push latency, exactness, COPY and per-row references).
// Uses its own database `bench` and Redis prefix `tallybench`, and its own Next build in .next-bench.
// Exit code: 0 when every final tally equals the generator's truth, 1 when one does not, 2 on a usage or run error.
import { BENCH_PREFIX, benchDatabaseUrl } from './bench/benchState';
import { parseBenchOptions, USAGE } from './bench/options';

let opts;
try {
  opts = parseBenchOptions(process.argv.slice(2));
} catch (err) {
  console.error(`bench: ${(err as Error).message}\n${USAGE}`);
  process.exit(2);
}

const urls = {
  databaseUrl: benchDatabaseUrl(process.env.BENCH_DATABASE_SERVER ?? 'postgresql://postgres@127.0.0.1:5432/postgres'),
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
};
// This process creates the admin and its token and runs verifyTallies through lib/, which reads these once.
process.env.DATABASE_URL = urls.databaseUrl;
process.env.REDIS_URL = urls.redisUrl;
process.env.QUEUE_PREFIX = BENCH_PREFIX;
process.env.LOG_LEVEL = 'warn';
process.env.DB_POOL_MAX = '2';

const { runBench } = await import('./bench/runBench');
try {
  const exact = await runBench(opts, urls);
  process.exit(exact ? 0 : 1);
} catch (err) {
  console.error(`bench: ${(err as Error).stack ?? err}`);
  process.exit(2);
}
