/**
 * The limiter under a busy event loop: route handlers in this process, the fake Allo API in its
 * own process (so its arrival times are not delayed by the CPU work here). Counts and arrival
 * windows come from the fake; nothing here asserts on how long anything took.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maxInRollingWindow } from "@/lib/allo/fake/fake-allo";
import { startFakeAlloProcess, type FakeAlloProcess } from "@/e2e/fake-allo-process";

const KEY = "ak_live_limit_test_3d9a41";
let fake: FakeAlloProcess;
let itemRoute: typeof import("@/app/api/items/[id]/route");

beforeAll(async () => {
  fake = await startFakeAlloProcess({ apiKey: KEY, rateLimitPerSecond: 20, latencyMs: 20 });
  process.env.ALLO_API_KEY = KEY;
  process.env.ALLO_API_BASE_URL = fake.url;
  process.env.ALLO_REQUEST_TIMEOUT_MS = "5000";
  process.env.AUTH_MODE = "none";
  // Behind an SSO proxy on this machine: loopback needs no proxy secret.
  process.env.HOSTNAME = "127.0.0.1";
  process.env.LOG_LEVEL = "warn";
  itemRoute = await import("@/app/api/items/[id]/route");
});

afterAll(async () => {
  await fake?.close();
});

function getItem(id: string) {
  const request = new Request(`http://127.0.0.1/api/items/${encodeURIComponent(id)}`);
  return itemRoute.GET(request, { params: Promise.resolve({ id }) });
}

/** Blocks the event loop for `ms` of CPU work, like a heavy page render would. */
function spin(ms: number) {
  const end = performance.now() + ms;
  let x = 0;
  while (performance.now() < end) x += Math.sqrt(x + 1);
  return x;
}

describe("the limiter under a busy event loop", () => {
  it("keeps every rolling second at Allo within 20 arrivals and provokes no 429 for a burst of 100 distinct ids", async () => {
    let busy = true;
    // A burst arrives while the process renders pages. The first grants happen at once, but the
    // requests they allow can only leave once their connections are up, i.e. after the CPU work
    // queued behind them: a 900 ms render first, then shorter ones all along.
    const hog = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
      spin(900);
      while (busy) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        spin(120);
      }
    })();
    try {
      const ids = Array.from({ length: 100 }, (_, i) => `cll-busy-${i}`);
      const responses = await Promise.all(ids.map((id) => getItem(id)));
      // Unknown ids: Allo answers 404. A caller the queue could not serve in time gets the
      // dashboard's own 429 with Retry-After, never one passed on from Allo.
      for (const response of responses) {
        if (response.status === 404) continue;
        expect(response.status).toBe(429);
        expect(Number(response.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
        const body = (await response.json()) as { error: { upstream_status?: number } };
        expect(body.error.upstream_status).toBeUndefined();
      }
    } finally {
      busy = false;
      await hog;
    }
    const stats = await fake.stats();
    console.log(
      `busy loop: ${stats.arrivals.length} arrivals, max ${maxInRollingWindow(stats.arrivals)} per rolling second, ${stats.rateLimited} answered 429 by Allo`,
    );
    console.log(JSON.stringify(stats.arrivals.map((t) => t - stats.arrivals[0]!)));
    expect(stats.arrivals.length).toBeGreaterThan(20);
    expect(maxInRollingWindow(stats.arrivals, 1000)).toBeLessThanOrEqual(20);
    expect(stats.rateLimited).toBe(0);
  }, 120_000);
});
