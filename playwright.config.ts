/**
 * End-to-end tests run the production build (`next start`) against the fake Allo API served
 * over real HTTP on loopback. Playwright starts and stops both servers.
 * Chromium comes from Debian (/usr/bin/chromium), never from a Playwright download.
 */
import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { E2E } from "./e2e/e2e-env";

const executablePath =
  process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./test-results",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: E2E.appUrl,
    trace: "off",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--autoplay-policy=no-user-gesture-required",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
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
        ALLO_REQUEST_TIMEOUT_MS: "2500",
        CALLVIEW_CONTACT_URL_TEMPLATE: "https://crm.example.com/contacts/{id}",
        CALLVIEW_COMPANY_URL_TEMPLATE: "https://crm.example.com/companies/{id}",
        CALLVIEW_DEAL_URL_TEMPLATE: "https://crm.example.com/deals/{id}",
        NEXT_TELEMETRY_DISABLED: "1",
      },
    },
  ],
});
