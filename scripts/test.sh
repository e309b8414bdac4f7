#!/usr/bin/env bash
# npm test: every layer, in order — unit (pure lib/), a production build, integration (real Postgres, Redis, BullMQ,
# Socket.IO processes), e2e (Playwright in Debian's Chromium). Needs PostgreSQL and Redis on localhost (or
# TEST_DATABASE_URL / TEST_REDIS_URL) and /usr/bin/chromium (or CHROMIUM_PATH).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== typecheck"; npx tsc --noEmit
echo "== unit"; npx vitest run --project unit
echo "== build"; npx next build --webpack > /tmp/tally-build.log 2>&1 || { cat /tmp/tally-build.log; exit 1; }
echo "== integration"; npx vitest run --project integration
echo "== e2e"; npx playwright test
