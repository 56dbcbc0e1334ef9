/**
 * Operating the production server: start-up configuration errors, readiness, draining on
 * SIGTERM, the shutdown cap, and several servers started at once from one build. Each test
 * starts its own standalone server (`npm start`, demo mode, loopback) and stops it by pid.
 */
import http from "node:http";
import { statSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { E2E } from "./e2e-env";
import { startServer, startUpOutcome, waitForHealth, type ServerProcess } from "./fixtures/server-process";

const PORT = E2E.opsPort;
const DIST_DIR = process.env.NEXT_DIST_DIR ?? ".next";

type LogLine = { level?: number; msg?: string; [field: string]: unknown };

/** The server's JSON log lines (pino); other lines (Next's own banner) are skipped. */
function logLines(output: string): LogLine[] {
  return output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as LogLine];
      } catch {
        return [];
      }
    });
}

function logged(server: ServerProcess, message: string): LogLine | undefined {
  return logLines(server.output()).find((line) => line.msg?.startsWith(message));
}

test("a bad configuration value stops the server with one message naming the variable", async () => {
  const server = startServer({ port: PORT, env: { ALLO_API_BASE_URL: "ftp://api.withallo.com" } });
  try {
    expect(await startUpOutcome(server)).toEqual({ exited: true, code: 1 });
    expect(server.output()).toContain(
      "Invalid Callview configuration: ALLO_API_BASE_URL must be an http(s) URL",
    );
    expect(server.output()).not.toMatch(/\n\s+at /);
  } finally {
    server.kill();
  }
});

test("sign-in without an allow-list refuses to start, naming the variables", async () => {
  const server = startServer({
    port: PORT,
    env: {
      OIDC_ISSUER: "http://127.0.0.1:9/",
      OIDC_CLIENT_ID: "callview-ops",
      AUTH_SECRET: "ops-test-secret-0123456789abcdefghijkl",
    },
  });
  try {
    expect(await startUpOutcome(server)).toEqual({ exited: true, code: 1 });
    const problem = server
      .output()
      .split("\n")
      .filter((line) => line.includes("AUTH_ALLOWED_EMAIL_DOMAINS"));
    // One line, naming every variable that would fix it, and no stack trace.
    expect(problem).toHaveLength(1);
    for (const name of ["AUTH_ALLOWED_EMAIL_DOMAINS", "AUTH_ALLOWED_EMAILS", "AUTH_ALLOW_ANY_ACCOUNT"]) {
      expect(problem[0]).toContain(name);
    }
    expect(server.output()).not.toMatch(/\n\s+at /);
  } finally {
    server.kill();
  }
});

test("on SIGTERM readiness answers 503 while the server keeps serving, in-flight requests finish, then it exits", async () => {
  const server = startServer({
    port: PORT,
    env: {
      // The slow fault answers 504 only after this timeout: still in flight after the grace period.
      ALLO_REQUEST_TIMEOUT_MS: "4000",
      CALLVIEW_SHUTDOWN_GRACE_SECONDS: "2",
      CALLVIEW_SHUTDOWN_TIMEOUT_SECONDS: "20",
    },
  });
  try {
    await waitForHealth(server.base);
    const ready = await fetch(`${server.base}/api/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", mode: "demo", problems: [] });

    const inFlight = fetch(`${server.base}/api/items/cll-fault-slow`);
    // Give the request time to reach the server before the signal.
    await new Promise((resolve) => setTimeout(resolve, 300));
    process.kill(server.pid, "SIGTERM");

    // The load balancer must see a 503, not a refused connection, so it stops sending work.
    await expect
      .poll(async () => (await fetch(`${server.base}/api/health/ready`).catch(() => null))?.status ?? 0)
      .toBe(503);
    const draining = (await (await fetch(`${server.base}/api/health/ready`)).json()) as {
      problems: string[];
    };
    expect(draining.problems.join(" ")).toMatch(/Shutting down/);
    // Still serving during the grace period.
    expect((await fetch(`${server.base}/api/health`)).status).toBe(200);

    const response = await inFlight;
    expect(response.status).toBe(504);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("UPSTREAM_TIMEOUT");
    expect(await server.exited).toBe(0);

    expect(logged(server, "SIGTERM received")).toMatchObject({ graceSeconds: 2, timeoutSeconds: 20 });
    expect(logged(server, "Grace period over")).toMatchObject({ inFlight: 1 });
    expect(logged(server, "Shutdown complete")).toMatchObject({ forced: false });
  } finally {
    server.kill();
  }
});

test("a recording stream nobody reads cannot hold up the exit beyond the shutdown cap", async () => {
  const server = startServer({
    port: PORT,
    env: { CALLVIEW_SHUTDOWN_GRACE_SECONDS: "1", CALLVIEW_SHUTDOWN_TIMEOUT_SECONDS: "2" },
  });
  try {
    await waitForHealth(server.base);
    // ~100 MB of audio, read by nobody: the response can never finish on its own.
    const stalled = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const request = http.get(`${server.base}/api/items/cll-bench-100mb/recording`, resolve);
      request.on("error", reject);
    });
    stalled.pause();
    let received = 0;
    const outcome = new Promise<"complete" | "cut">((resolve) => {
      stalled.on("data", (chunk: Buffer) => (received += chunk.length));
      stalled.once("end", () => resolve(stalled.complete ? "complete" : "cut"));
      stalled.once("error", () => resolve("cut"));
    });
    expect(stalled.statusCode).toBe(200);
    expect(stalled.headers["content-type"]).toContain("audio/");

    process.kill(server.pid, "SIGTERM");
    // Forced: the process says so and exits non-zero...
    expect(await server.exited).toBe(1);
    expect(logged(server, "Shutdown timeout")).toMatchObject({ inFlight: 1, forced: true });
    // ...and the download was cut, not finished: reading now yields what was buffered, then the end.
    stalled.resume();
    expect(await outcome).toBe("cut");
    expect(received).toBeLessThan(50 * 1024 * 1024);
  } finally {
    server.kill();
  }
});

test("three servers started at the same moment from one build all become healthy", async () => {
  // `npm start` must only read the build: preparing it at every start raced (ENOTEMPTY).
  const staticDir = path.join(DIST_DIR, "standalone", DIST_DIR, "static");
  const before = statSync(staticDir);
  const servers = E2E.concurrentPorts.map((port) =>
    startServer({ port, env: { CALLVIEW_SHUTDOWN_GRACE_SECONDS: "0" } }),
  );
  try {
    const outcomes = await Promise.all(servers.map((server) => startUpOutcome(server)));
    expect(outcomes, servers.map((server) => server.output()).join("\n---\n")).toEqual(
      servers.map(() => ({ exited: false })),
    );
    for (const server of servers) {
      expect((await fetch(`${server.base}/api/health/ready`)).status).toBe(200);
      expect(server.output()).not.toContain("ENOTEMPTY");
    }
    const after = statSync(staticDir);
    expect({ ino: after.ino, mtimeMs: after.mtimeMs }).toEqual({ ino: before.ino, mtimeMs: before.mtimeMs });

    for (const server of servers) process.kill(server.pid, "SIGTERM");
    expect(await Promise.all(servers.map((server) => server.exited))).toEqual(servers.map(() => 0));
  } finally {
    for (const server of servers) server.kill();
  }
});
