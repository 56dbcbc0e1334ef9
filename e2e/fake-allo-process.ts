/**
 * The fake Allo API in its own process, for tests that load the machine: arrival times are
 * stamped by an event loop that the load generator (or the app under test) cannot delay, so
 * the fake's rolling-window figures describe when requests really reached "Allo".
 */
import { spawn } from "node:child_process";
import path from "node:path";
import type { FakeAlloStats } from "../lib/allo/fake/fake-allo";

export type FakeAlloProcess = {
  url: string;
  stats(): Promise<FakeAlloStats>;
  close(): Promise<void>;
};

export async function startFakeAlloProcess(env: {
  apiKey: string;
  rateLimitPerSecond?: number;
  /** Writes (searches, tag changes) per second before 429; Allo's 5 by default. */
  writeRateLimitPerSecond?: number;
  latencyMs?: number;
  /** What the key may do (GET /v2/api/me); the fake's default grants tag editing. */
  scopes?: readonly string[];
}): Promise<FakeAlloProcess> {
  // Tests run from the repository root (vitest and Playwright both).
  const root = process.cwd();
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts", "fake-allo.ts")], {
    cwd: root,
    env: {
      ...process.env,
      // Port 0: the kernel picks a free one, so parallel runs never clash.
      PORT: "0",
      FAKE_ALLO_API_KEY: env.apiKey,
      FAKE_ALLO_RATE_LIMIT: String(env.rateLimitPerSecond ?? 20),
      FAKE_ALLO_WRITE_RATE_LIMIT: String(env.writeRateLimitPerSecond ?? 5),
      FAKE_ALLO_LATENCY_MS: String(env.latencyMs ?? 0),
      ...(env.scopes ? { FAKE_ALLO_SCOPES: env.scopes.join(",") } : {}),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`fake Allo exited early (${code})`)));
  });
  return {
    url,
    async stats() {
      return (await (await fetch(`${url}/__fake/stats`)).json()) as FakeAlloStats;
    },
    async close() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
