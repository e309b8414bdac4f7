import { z } from 'zod';

// Every setting the system reads, validated once. Documented in .env.example and the README's configuration table.
const bool = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().url().default('postgresql://postgres@127.0.0.1:5432/root'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  ADMIN_EMAIL: z.string().email().default('admin@example.org'),
  /** When unset and the admin does not exist yet, start-up generates one and logs it once. */
  ADMIN_PASSWORD: z.string().min(8, 'ADMIN_PASSWORD must be at least 8 characters').optional(),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  COOKIE_SECURE: bool.optional(),
  UPLOAD_DIR: z.string().default(''),
  MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(200 * 1024 * 1024),
  MAX_FILES_PER_UPLOAD: z.coerce.number().int().positive().default(500),
  MAX_ROWS_PER_FILE: z.coerce.number().int().positive().default(5_000_000),
  CHUNK_ROWS: z.coerce.number().int().min(1).max(100_000).default(5000),
  PARSE_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  /** How long a worker's job lock lasts; a job whose worker died is redelivered after about this long. */
  WORKER_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  /** An upload still being read with no sign of life from its web node for this long is failed (nothing of it
   * counted); web nodes signal every quarter of it. Also how often workers look for chunks whose job was lost. */
  STALLED_UPLOAD_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  DELTA_FLUSH_MS: z.coerce.number().int().min(10).max(5000).default(100),
  QUEUE_PREFIX: z.string().regex(/^[a-zA-Z0-9_-]+$/).default('tally'),
  LOGIN_MAX_ATTEMPTS: z.coerce.number().int().positive().default(10),
  /** Failed-or-not sign-in attempts per client address per window (several officials may share one address). */
  LOGIN_IP_MAX_ATTEMPTS: z.coerce.number().int().positive().default(100),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
  /** Load balancers in front of the web nodes that append the client's address to X-Forwarded-For (0: none, the
   * peer is the client). Only these rightmost entries are believed: anything further left the client could write. */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
  /** Results (dashboard, /api/results, live socket) for anyone; false: only for signed-in users. */
  PUBLIC_RESULTS: bool.default(true),
  /** Bearer token a Prometheus scraper sends to GET /api/metrics; without it only admins (session or API token) may
   * read metrics. Long and random: it is compared in constant time but guards election-night numbers. */
  METRICS_TOKEN: z.string().min(24, 'METRICS_TOKEN must be at least 24 characters (use a random secret)').optional(),
  /** Each readiness check (Postgres, Redis, queue, migrations) gives up after this long and reports the check failed. */
  READY_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(2000),
  /** On SIGTERM a web node waits this long for requests in flight before it closes their connections. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

/** Parse process.env once; throws an Error whose message lists every bad variable on its own line. */
export function getEnv(): Env {
  if (cached) return cached;
  const raw = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== ''));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  cached = parsed.data;
  return cached;
}
