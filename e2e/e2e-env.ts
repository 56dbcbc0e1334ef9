/** Ports and secrets of the e2e setup, shared by playwright.config.ts and the specs. */
import { tmpdir } from "node:os";
import path from "node:path";

const appPort = Number(process.env.E2E_APP_PORT ?? 3311);
const fakePort = Number(process.env.E2E_FAKE_PORT ?? 4311);
const slackPort = Number(process.env.E2E_SLACK_PORT ?? 4321);
// One fresh notification store per run: the config sets it, the workers inherit it.
const dataDir = (process.env.E2E_DATA_DIR ??= path.join(
  tmpdir(),
  `callview-e2e-${process.pid}-${Date.now()}`,
));
/** Servers that the operations and network-exposure specs start and stop themselves. */
const opsPort = Number(process.env.E2E_OPS_PORT ?? 3391);
const concurrentPorts = (process.env.E2E_CONCURRENT_PORTS ?? "3393,3394,3395")
  .split(",")
  .map((port) => Number(port.trim()));
const networkPort = Number(process.env.E2E_NETWORK_PORT ?? 3396);
/** e2e/multi-instance.spec.ts: three instances sharing one Redis, and the fake Slack they post to. */
const multiPorts = (process.env.E2E_MULTI_PORTS ?? "3381,3382,3383")
  .split(",")
  .map((port) => Number(port.trim()));
const multiSlackPort = Number(process.env.E2E_MULTI_SLACK_PORT ?? 4381);

export const E2E = {
  appPort,
  fakePort,
  slackPort,
  opsPort,
  /** Three ports for three servers started at the same moment from one build. */
  concurrentPorts,
  networkPort,
  multiPorts,
  multiSlackPort,
  appUrl: `http://127.0.0.1:${appPort}`,
  fakeUrl: `http://127.0.0.1:${fakePort}`,
  slackUrl: `http://127.0.0.1:${slackPort}`,
  dataDir,
  /** Test-only Standard Webhooks secret (32 bytes of base64), never a real one. */
  webhookSecret: `whsec_${Buffer.from("callview-e2e-webhook-secret-0001").toString("base64")}`,
  /**
   * Fake key; the key-leak checks look for this exact value in responses and bundles.
   * scripts/test-all.sh sets E2E_ALLO_API_KEY and builds with it as ALLO_API_KEY, so the bundle
   * scan would catch a key that leaked in at build time, not only at run time.
   */
  apiKey: process.env.E2E_ALLO_API_KEY ?? "ak_live_e2e_secret_7f3a9c2e51",
  summaryDelayMs: 6_000,
} as const;

/** Restarts the fake's pending-summary clock and request counters. */
export async function resetFake(): Promise<void> {
  const response = await fetch(`${E2E.fakeUrl}/__fake/reset`, { method: "POST" });
  if (!response.ok) throw new Error(`fake reset failed: ${response.status}`);
}

/**
 * Makes fault ids answer like Allo in good health, each with a copy of the seeded item it maps
 * to (`{ "cll-fault-429": "cll-demo-billing" }`); resetFake() makes them fail again.
 */
export async function healFakeFaults(healed: Record<string, string>): Promise<void> {
  const response = await fetch(`${E2E.fakeUrl}/__fake/control`, {
    method: "POST",
    body: JSON.stringify({ healedFaults: healed }),
  });
  if (!response.ok) throw new Error(`fake control failed: ${response.status}`);
}

export type FakeStats = {
  itemRequests: number;
  recordingRequests: number;
  rateLimited: number;
  byId: Record<string, number>;
};

export async function fakeStats(): Promise<FakeStats> {
  const response = await fetch(`${E2E.fakeUrl}/__fake/stats`);
  return (await response.json()) as FakeStats;
}
