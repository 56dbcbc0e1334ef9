/**
 * Operating the production server: start-up configuration errors, readiness, graceful shutdown.
 * Each test starts its own standalone server (demo mode, loopback) and stops it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { expect, test } from "@playwright/test";

const PORT = Number(process.env.E2E_OPS_PORT ?? 3391);
const BASE = `http://127.0.0.1:${PORT}`;

function startServer(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  const { ALLO_API_KEY: _key, ...inherited } = process.env;
  const child = spawn(process.execPath, ["scripts/start.mjs"], {
    env: { ...inherited, PORT: String(PORT), HOSTNAME: "127.0.0.1", NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitForHealth(): Promise<void> {
  await expect
    .poll(async () => (await fetch(`${BASE}/api/health`).catch(() => null))?.status ?? 0, { timeout: 30_000 })
    .toBe(200);
}

test("a bad configuration value stops the server with one message naming the variable", async () => {
  const server = startServer({ ALLO_API_BASE_URL: "ftp://api.withallo.com" });
  try {
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain(
      "Invalid Callview configuration: ALLO_API_BASE_URL must be an http(s) URL",
    );
    expect(server.output()).not.toMatch(/\n\s+at /);
  } finally {
    server.child.kill("SIGKILL");
  }
});

test("readiness reports the mode, and SIGTERM drains in-flight requests before exiting", async () => {
  const server = startServer({ ALLO_REQUEST_TIMEOUT_MS: "1500" });
  try {
    await waitForHealth();
    const ready = await fetch(`${BASE}/api/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", mode: "demo", problems: [] });

    // The slow fault id answers only after the 1.5 s timeout: still in flight when SIGTERM arrives.
    const inFlight = fetch(`${BASE}/api/items/cll-fault-slow`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    server.child.kill("SIGTERM");
    const response = await inFlight;
    expect(response.status).toBe(504);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("UPSTREAM_TIMEOUT");
    // Next's server exits with 143 (128 + SIGTERM) once drained; 0 would be fine too.
    expect([0, 143]).toContain(await server.exited);
    expect(server.output()).toContain("SIGTERM received: draining in-flight requests");
  } finally {
    server.child.kill("SIGKILL");
  }
});
