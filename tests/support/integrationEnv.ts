// Integration tests run against real services, in the `test` database and under their own Redis key prefix.
process.env.DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
process.env.REDIS_URL = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
process.env.QUEUE_PREFIX = process.env.TEST_QUEUE_PREFIX ?? 'tallytest';
process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'warn';
Object.assign(process.env, { NODE_ENV: 'test' });
