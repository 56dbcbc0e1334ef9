/**
 * Ports and test secrets of the sign-in end-to-end setup (playwright.auth.config.ts), shared by
 * the config, the test OpenID provider and the specs. Nothing here is a real secret.
 */
import { tmpdir } from "node:os";
import path from "node:path";

const appPort = Number(process.env.AUTH_E2E_APP_PORT ?? 3341);
const fakePort = Number(process.env.AUTH_E2E_FAKE_PORT ?? 4341);
const idpPort = Number(process.env.AUTH_E2E_IDP_PORT ?? 4342);
const failClosedPort = Number(process.env.AUTH_E2E_FAIL_CLOSED_PORT ?? 3343);
// One fresh notification store per run: the config sets it, the workers inherit it.
const dataDir = (process.env.AUTH_E2E_DATA_DIR ??= path.join(
  tmpdir(),
  `callview-auth-e2e-${process.pid}-${Date.now()}`,
));

export const AUTH_E2E = {
  appPort,
  fakePort,
  idpPort,
  failClosedPort,
  dataDir,
  webhookSecret: `whsec_${Buffer.from("callview-auth-e2e-webhook-secret").toString("base64")}`,
  appUrl: `http://127.0.0.1:${appPort}`,
  fakeUrl: `http://127.0.0.1:${fakePort}`,
  idpUrl: `http://127.0.0.1:${idpPort}`,
  failClosedUrl: `http://127.0.0.1:${failClosedPort}`,
  apiKey: "ak_live_auth_e2e_5b1d7e90c3",
  clientId: "callview-e2e",
  clientSecret: "callview-e2e-client-secret-not-real",
  authSecret: "auth-e2e-secret-0123456789abcdefghijklmnop",
  allowedDomain: "callview.test",
  accounts: {
    agent: { email: "agent@callview.test", name: "Alex Agent", emailVerified: true },
    outsider: { email: "outsider@evil.test", name: "Olive Outsider", emailVerified: true },
    unverified: { email: "unverified@callview.test", name: "Uma Unverified", emailVerified: false },
    /** A provider that leaves email_verified out (some do); refused unless the operator opts out. */
    unclaimed: { email: "unclaimed@callview.test", name: "Una Unclaimed", emailVerified: null },
  },
} as const;

export type FakeStats = { itemRequests: number; recordingRequests: number };

export async function resetFake(): Promise<void> {
  const response = await fetch(`${AUTH_E2E.fakeUrl}/__fake/reset`, { method: "POST" });
  if (!response.ok) throw new Error(`fake reset failed: ${response.status}`);
}

export async function fakeStats(): Promise<FakeStats> {
  const response = await fetch(`${AUTH_E2E.fakeUrl}/__fake/stats`);
  return (await response.json()) as FakeStats;
}
