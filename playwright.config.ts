/**
 * End-to-end tests run the production build (`npm start`, the standalone server) against the fake Allo API served
 * over real HTTP on loopback. Playwright starts and stops both servers.
 * Chromium comes from Debian (/usr/bin/chromium), never from a Playwright download.
 */
import { E2E } from "./e2e/e2e-env";
import { FAKE_SLACK_PATH } from "./tests/support/fake-slack-server";
import { definePlaywrightSuite } from "./e2e/playwright-base";

export default definePlaywrightSuite({
  testDir: "./e2e",
  outputDir: "./test-results",
  baseURL: E2E.appUrl,
  webServer: [
    {
      command: "npx tsx scripts/fake-allo.ts",
      url: `${E2E.fakeUrl}/__fake/stats`,
      reuseExistingServer: false,
      timeout: 30_000,
      env: {
        PORT: String(E2E.fakePort),
        FAKE_ALLO_API_KEY: E2E.apiKey,
        FAKE_ALLO_SUMMARY_DELAY_MS: String(E2E.summaryDelayMs),
        FAKE_ALLO_RATE_LIMIT: "20",
        FAKE_ALLO_SLOW_MS: "30000",
      },
    },
    {
      command: "npx tsx scripts/fake-slack.ts",
      url: `${E2E.slackUrl}/__control/requests`,
      reuseExistingServer: false,
      timeout: 30_000,
      env: { PORT: String(E2E.slackPort) },
    },
    {
      command: "node scripts/start.mjs",
      url: `${E2E.appUrl}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        PORT: String(E2E.appPort),
        HOSTNAME: "127.0.0.1",
        // Sign-in is tested separately (playwright.auth.config.ts); here an SSO proxy is assumed.
        AUTH_MODE: "none",
        ALLO_API_KEY: E2E.apiKey,
        ALLO_API_BASE_URL: E2E.fakeUrl,
        // The fake serves recordings over plain http on loopback; http is allowed only for a
        // host named with its scheme. (The sign-in suite relies on the default instead, which
        // keeps the API's scheme: see docs/security.md.)
        ALLO_RECORDING_HOSTS: `storage.withallo.com,${E2E.fakeUrl}`,
        ALLO_REQUEST_TIMEOUT_MS: "2500",
        CALLVIEW_CONTACT_URL_TEMPLATE: "https://crm.example.com/contacts/{id}",
        CALLVIEW_COMPANY_URL_TEMPLATE: "https://crm.example.com/companies/{id}",
        CALLVIEW_DEAL_URL_TEMPLATE: "https://crm.example.com/deals/{id}",
        // The whole notification loop: signed webhooks in, the fake Slack out, links back here.
        ALLO_WEBHOOK_SECRET: E2E.webhookSecret,
        CALLVIEW_SLACK_WEBHOOK_URL: `${E2E.slackUrl}${FAKE_SLACK_PATH}`,
        CALLVIEW_PUBLIC_URL: E2E.appUrl,
        CALLVIEW_NOTIFY_RULES: "e2e/fixtures/notify-rules.yaml",
        CALLVIEW_DATA_DIR: E2E.dataDir,
        NEXT_TELEMETRY_DISABLED: "1",
      },
    },
  ],
});
