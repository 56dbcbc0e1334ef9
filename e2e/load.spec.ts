/**
 * Bounded load test on loopback: 100 connections for 30 s over a mix of cached and uncached
 * ids, against a fake Allo API that enforces 20 requests per second. Expectations: zero failed
 * responses, zero 429s shown to users, the upstream never asked more than its limit in any
 * rolling second by arrival time, memory flat.
 * Starts its own fake API (in its own process, so its arrival times are not delayed by this
 * process's load generator) and standalone server, and stops both.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import { expect, test } from "@playwright/test";
import { maxInRollingWindow } from "../lib/allo/fake/fake-allo";
import { buildSeed } from "../lib/allo/fake/seed";
import { startFakeAlloProcess } from "./fake-allo-process";

const PORT = Number(process.env.E2E_LOAD_PORT ?? 3392);
const BASE = `http://127.0.0.1:${PORT}`;
const KEY = "ak_live_load_test_91c2";

function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

test("100 connections for 30 s: no failures, no 429s, upstream within its limit, memory flat", async () => {
  test.setTimeout(120_000);
  const fake = await startFakeAlloProcess({ apiKey: KEY, rateLimitPerSecond: 20, latencyMs: 20 });
  // As `npm start` runs it: Callview's own server on the standalone build.
  const server = spawn(process.execPath, [path.join("scripts", "start.mjs")], {
    env: {
      ...process.env,
      PORT: String(PORT),
      HOSTNAME: "127.0.0.1",
      ALLO_API_KEY: KEY,
      ALLO_API_BASE_URL: fake.url,
      AUTH_MODE: "none",
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    await expect
      .poll(async () => (await fetch(`${BASE}/api/health`).catch(() => null))?.status ?? 0, {
        timeout: 30_000,
      })
      .toBe(200);

    // Hot ids (every demo call and message) plus a rotating tail of unknown ids: those miss the
    // cache for real and are answered 404 by the upstream, so the limiter is exercised too.
    const demoIds = buildSeed(Date.now(), 0, "http://x").map((entry) => entry.item.id);
    const paths = [
      ...demoIds.map((id) => `/api/items/${id}?extend=transcript`),
      ...Array.from({ length: 40 }, (_, i) => `/api/items/cll-load-${i}`),
    ];
    let next = 0;
    const samples: number[] = [];
    const sampler = setInterval(() => samples.push(rssKb(server.pid!)), 1000);
    const statuses: Record<string, number> = {};
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url: BASE,
          connections: 100,
          duration: 30,
          requests: [
            {
              setupRequest: (request) => {
                request.path = paths[next++ % paths.length]!;
                return request;
              },
            },
          ],
        },
        (error, finished) => (error ? reject(error) : resolve(finished)),
      );
      instance.on("response", (_client, statusCode) => {
        statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      });
    });
    clearInterval(sampler);

    const total = Object.values(statuses).reduce((a, b) => a + b, 0);
    const upstream = await fake.stats();
    const rolling = maxInRollingWindow(upstream.arrivals, 1000);
    console.log(
      `load: ${total} responses, ${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms, statuses ${JSON.stringify(statuses)}, upstream ${upstream.itemRequests} calls (${upstream.arrivals.length} arrivals, max ${rolling} in a rolling second, fixed-window peak ${upstream.peakPerSecond}/s, ${upstream.rateLimited} answered 429), RSS ${samples[5]} → ${samples.at(-1)} kB`,
    );
    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(total).toBeGreaterThan(1000);
    expect(Object.keys(statuses).sort()).toEqual(["200", "404"]);
    expect(statuses["429"] ?? 0).toBe(0);
    expect(upstream.rateLimited).toBe(0);
    // By arrival time at the fake, over every rolling second (not only its fixed one-second
    // windows, which a burst straddling a boundary could pass at twice the limit).
    expect(upstream.arrivals.length).toBeGreaterThan(0);
    expect(rolling).toBeLessThanOrEqual(20);
    expect(upstream.maxPerRollingSecond).toBeLessThanOrEqual(20);
    expect(upstream.peakPerSecond).toBeLessThanOrEqual(20);
    // Memory flat: after warming up, resident memory plateaus. Peaks are compared (not averages,
    // which depend on when the garbage collector happens to run): the last third of the run may
    // not climb more than 50 % above the middle third, and never past 1 GiB. A per-request leak
    // (a response kept per request, ~1,000 requests a second) would break both.
    const third = Math.floor(samples.length / 3);
    const peak = (values: number[]) => Math.max(...values);
    expect(peak(samples.slice(-third))).toBeLessThan(peak(samples.slice(third, 2 * third)) * 1.5);
    expect(peak(samples)).toBeLessThan(1024 * 1024);
  } finally {
    server.kill("SIGTERM");
    await fake.close();
  }
});
