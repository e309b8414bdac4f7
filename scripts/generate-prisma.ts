import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

// `prisma generate` looks for the native schema engine first and would try to download it, which cannot work
// offline; the prisma-client generator never uses that engine, so any existing file satisfies the lookup.
const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY || !existsSync(env.PRISMA_SCHEMA_ENGINE_BINARY)) {
  env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
}
execFileSync('npx', ['prisma', 'generate'], { stdio: 'inherit', env });
