/**
 * Sign-in end to end: a real OpenID provider (oidc-provider) on loopback, the fake Allo API,
 * and two production servers (`next start`) of the same build:
 *  - the app with a real-looking ALLO_API_KEY and OIDC sign-in restricted to @callview.test;
 *  - the same app with the key and no sign-in at all, which must fail closed.
 *
 * Build first: npm run build (or NEXT_DIST_DIR=.next-auth npm run build)
 * Run:         NEXT_DIST_DIR=.next-auth npx playwright test -c playwright.auth.config.ts
 */
import path from "node:path";
import { definePlaywrightSuite } from "./e2e/playwright-base";
import { AUTH_E2E } from "./e2e-auth/auth-e2e-env";

/** Blank values override anything inherited from the developer's shell (empty means unset). */
const NO_SIGN_IN = {
  AUTH_MODE: "",
  OIDC_ISSUER: "",
  OIDC_CLIENT_ID: "",
  OIDC_CLIENT_SECRET: "",
  AUTH_SECRET: "",
  AUTH_URL: "",
  AUTH_ALLOWED_EMAIL_DOMAINS: "",
  AUTH_ALLOWED_EMAILS: "",
};

const ALLO = {
  ALLO_API_KEY: AUTH_E2E.apiKey,
  ALLO_API_BASE_URL: AUTH_E2E.fakeUrl,
  ALLO_REQUEST_TIMEOUT_MS: "2500",
  NEXT_TELEMETRY_DISABLED: "1",
};

export default definePlaywrightSuite({
  testDir: "./e2e-auth",
  outputDir: "./test-results/auth",
  baseURL: AUTH_E2E.appUrl,
  webServer: [
    {
      command: "npx tsx e2e-auth/oidc-server.ts",
      url: `${AUTH_E2E.idpUrl}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: "npx tsx scripts/fake-allo.ts",
      url: `${AUTH_E2E.fakeUrl}/__fake/stats`,
      reuseExistingServer: false,
      timeout: 30_000,
      env: {
        PORT: String(AUTH_E2E.fakePort),
        FAKE_ALLO_API_KEY: AUTH_E2E.apiKey,
        FAKE_ALLO_SUMMARY_DELAY_MS: "0",
        FAKE_ALLO_RATE_LIMIT: "50",
      },
    },
    {
      command: "node scripts/start.mjs",
      url: `${AUTH_E2E.appUrl}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        PORT: String(AUTH_E2E.appPort),
        HOSTNAME: "127.0.0.1",
        ...ALLO,
        ...NO_SIGN_IN,
        OIDC_ISSUER: AUTH_E2E.idpUrl,
        OIDC_CLIENT_ID: AUTH_E2E.clientId,
        OIDC_CLIENT_SECRET: AUTH_E2E.clientSecret,
        AUTH_SECRET: AUTH_E2E.authSecret,
        AUTH_ALLOWED_EMAIL_DOMAINS: AUTH_E2E.allowedDomain,
        // Notification links must survive sign-in. No destination is configured, so messages are
        // kept as previews in the store (with relative links), where the spec reads them.
        ALLO_WEBHOOK_SECRET: AUTH_E2E.webhookSecret,
        CALLVIEW_NOTIFY_RULES: "e2e-auth/notify-rules.yaml",
        CALLVIEW_DATA_DIR: path.join(AUTH_E2E.dataDir, "app"),
      },
    },
    {
      command: "node scripts/start.mjs",
      url: `${AUTH_E2E.failClosedUrl}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        PORT: String(AUTH_E2E.failClosedPort),
        HOSTNAME: "127.0.0.1",
        ...ALLO,
        ...NO_SIGN_IN,
        CALLVIEW_DATA_DIR: path.join(AUTH_E2E.dataDir, "fail-closed"),
      },
    },
  ],
});
