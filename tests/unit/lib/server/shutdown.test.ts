/**
 * Draining, against a real HTTP server on loopback. The grace period and the cap are promises
 * the test resolves, so every assertion is about a state (serving, refusing, finished, exit
 * code), never about how long something took.
 */
import http from "node:http";
import net from "node:net";
import { Writable } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "@/lib/server/logger.server";
import { gracefulShutdown } from "@/lib/server/shutdown.server";

type Deferred = { promise: Promise<void>; resolve: () => void };

function deferred(): Deferred {
  let resolve = () => {};
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

function memoryLog() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      callback();
    },
  });
  return { lines, logger: createLogger(stream) };
}

/** What afterEach needs to tear a harness down. */
const harnesses: { server: http.Server; release: Deferred }[] = [];

async function startHarness() {
  const release = deferred();
  const arrived = deferred();
  const server = http.createServer((request, response) => {
    if (request.url === "/slow") {
      arrived.resolve();
      void release.promise.then(() => response.end("done"));
      return;
    }
    response.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  const grace = deferred();
  const cap = deferred();
  const exits: number[] = [];
  const draining = { value: false };
  const log = memoryLog();
  const shutdown = gracefulShutdown({
    server,
    graceMs: 1_000,
    timeoutMs: 5_000,
    onDraining: () => (draining.value = true),
    exit: (code) => exits.push(code),
    logger: log.logger,
    wait: (ms) => (ms === 1_000 ? grace.promise : cap.promise),
  });
  const harness = {
    server,
    port: address.port,
    release,
    arrived,
    grace,
    cap,
    exits,
    draining,
    log,
    shutdown,
  };
  harnesses.push(harness);
  return harness;
}

afterEach(async () => {
  for (const harness of harnesses.splice(0)) {
    harness.release.resolve();
    harness.server.closeAllConnections();
    await new Promise((resolve) => harness.server.close(resolve));
  }
});

function get(port: number, path: string): Promise<{ status: number; body: string; connection: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: "127.0.0.1", port, path, agent: false }, (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString()));
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, body, connection: response.headers.connection ?? "" }),
      );
      response.on("error", reject);
    });
    request.on("error", reject);
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("gracefulShutdown", () => {
  it("keeps serving through the grace period, then stops accepting and lets in-flight requests finish", async () => {
    const h = await startHarness();
    const slow = get(h.port, "/slow");
    await h.arrived.promise;
    expect(h.shutdown.inFlight()).toBe(1);

    const done = h.shutdown.begin("SIGTERM");
    // Readiness turns 503 at once...
    expect(h.draining.value).toBe(true);
    // ...while the server still answers, telling keep-alive clients to reconnect elsewhere.
    const during = await get(h.port, "/fast");
    expect(during).toEqual({ status: 200, body: "ok", connection: "close" });
    expect(h.server.listening).toBe(true);

    h.grace.resolve();
    await vi.waitFor(() => expect(h.server.listening).toBe(false));
    expect(await canConnect(h.port)).toBe(false);
    expect(h.exits).toEqual([]);

    h.release.resolve();
    expect(await slow).toMatchObject({ status: 200, body: "done" });
    await done;
    expect(h.exits).toEqual([0]);
    expect(h.log.lines.map((line: Record<string, unknown>) => line.msg)).toEqual([
      expect.stringMatching(/^SIGTERM received/),
      expect.stringMatching(/^Grace period over/),
      expect.stringMatching(/^Shutdown complete/),
    ]);
    expect(h.log.lines[0]).toMatchObject({
      signal: "SIGTERM",
      graceSeconds: 1,
      timeoutSeconds: 5,
      inFlight: 1,
    });
    expect(h.log.lines[1]).toMatchObject({ inFlight: 1 });
    expect(h.log.lines[2]).toMatchObject({ forced: false });
  });

  it("exits at the cap even if a request never finishes, cutting its connection", async () => {
    const h = await startHarness();
    const slow = get(h.port, "/slow").then(
      () => "finished",
      () => "cut",
    );
    await h.arrived.promise;

    const done = h.shutdown.begin("SIGTERM");
    h.grace.resolve();
    await vi.waitFor(() => expect(h.server.listening).toBe(false));
    h.cap.resolve();
    await done;
    expect(h.exits).toEqual([1]);
    expect(await slow).toBe("cut");
    expect(h.log.lines.at(-1)).toMatchObject({ level: 40, inFlight: 1, forced: true });
    expect(h.log.lines.at(-1)?.msg).toMatch(/^Shutdown timeout/);
  });

  it("with nothing in flight, exits as soon as the grace period ends", async () => {
    const h = await startHarness();
    const done = h.shutdown.begin("SIGINT");
    h.grace.resolve();
    await done;
    expect(h.exits).toEqual([0]);
  });

  it("a second signal stops at once", async () => {
    const h = await startHarness();
    const slow = get(h.port, "/slow").catch(() => "cut");
    await h.arrived.promise;
    void h.shutdown.begin("SIGTERM");
    await h.shutdown.begin("SIGINT");
    expect(h.exits).toEqual([1]);
    expect(await slow).toBe("cut");
  });
});
