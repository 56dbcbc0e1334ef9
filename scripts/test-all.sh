#!/usr/bin/env bash
# Every test: unit + integration (Vitest, with real throwaway Redis instances), then end-to-end
# (Playwright in Chromium) against a production build served by `next start` and the fake Allo
# API over HTTP.
# Ends with one "N passed, N failed" line summing both runners.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
mkdir -p reports

bash scripts/ensure-chromium.sh || exit 1
# The Redis tests start their own throwaway redis-server instances (tests/support/redis-server.ts).
bash scripts/ensure-redis.sh || exit 1

status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=reports/vitest.json || status=1

echo "Building the app for end-to-end tests..."
# The build sees the same key the e2e servers use (and a NEXT_PUBLIC_ decoy), so the bundle scan in
# e2e/smoke.spec.ts proves that no build step inlines it into client or server output.
export E2E_ALLO_API_KEY="ak_live_e2e_secret_7f3a9c2e51"
if ! ALLO_API_KEY="$E2E_ALLO_API_KEY" AUTH_MODE=none NEXT_PUBLIC_ALLO_API_KEY="$E2E_ALLO_API_KEY" npm run build >reports/next-build.log 2>&1; then
  cat reports/next-build.log
  echo "npm run build failed" >&2
  exit 1
fi
PLAYWRIGHT_JSON_OUTPUT_NAME=reports/playwright.json npx playwright test --reporter=list,json || status=1
# Sign-in end to end against a real OpenID provider on loopback (same build).
PLAYWRIGHT_JSON_OUTPUT_NAME=reports/playwright-auth.json npx playwright test -c playwright.auth.config.ts --reporter=list,json || status=1

node scripts/summarize-tests.mjs reports/vitest.json reports/playwright.json reports/playwright-auth.json || status=1
exit $status
