/**
 * The write limiter under a busy event loop: history searches and tag changes are POSTs and
 * DELETEs, which Allo counts against 5 writes per second per key. Route handlers run here; the
 * fake Allo API runs in its own process (so its arrival times are not delayed by the CPU work
 * here) and enforces that budget. Counts and windows come from the fake; nothing here asserts
 * on how long anything took.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maxInRollingWindow } from "@/lib/allo/fake/fake-allo";
import { startFakeAlloProcess, type FakeAlloProcess } from "@/e2e/fake-allo-process";

const KEY = "ak_live_write_limit_5c0f";
let fake: FakeAlloProcess;
let historyRoute: typeof import("@/app/api/items/[id]/history/route");
let tagsRoute: typeof import("@/app/api/items/[id]/tags/route");
let tagRoute: typeof import("@/app/api/items/[id]/tags/[tag]/route");

beforeAll(async () => {
  fake = await startFakeAlloProcess({
    apiKey: KEY,
    rateLimitPerSecond: 20,
    writeRateLimitPerSecond: 5,
    latencyMs: 20,
  });
  process.env.ALLO_API_KEY = KEY;
  process.env.ALLO_API_BASE_URL = fake.url;
  // A long deadline (2 × 8 s + 1 s), so the queue can serve the whole burst at 5 per second.
  process.env.ALLO_REQUEST_TIMEOUT_MS = "8000";
  process.env.AUTH_MODE = "none";
  process.env.HOSTNAME = "127.0.0.1";
  process.env.LOG_LEVEL = "warn";
  historyRoute = await import("@/app/api/items/[id]/history/route");
  tagsRoute = await import("@/app/api/items/[id]/tags/route");
  tagRoute = await import("@/app/api/items/[id]/tags/[tag]/route");
});

afterAll(async () => {
  await fake?.close();
});

function spin(ms: number) {
  const end = performance.now() + ms;
  let x = 0;
  while (performance.now() < end) x += Math.sqrt(x + 1);
  return x;
}

const headers = (n: number) => ({
  "sec-fetch-site": "same-origin",
  "content-type": "application/json",
  "idempotency-key": `write-limit-intent-${String(n).padStart(4, "0")}`,
});

describe("the write limiter", () => {
  it("keeps searches and tag changes within 5 arrivals per rolling second at Allo, with no 429 from Allo", async () => {
    let busy = true;
    const hog = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
      spin(600);
      while (busy) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        spin(100);
      }
    })();
    const requests: Promise<Response>[] = [];
    try {
      // 16 distinct history pages (each its own cache key) …
      for (let page = 1; page <= 8; page++) {
        for (const id of ["cll-demo-billing", "cll-demo-onboarding"]) {
          requests.push(
            historyRoute.GET(new Request(`http://127.0.0.1/api/items/${id}/history?page=${page}`), {
              params: Promise.resolve({ id }),
            }),
          );
        }
      }
      // … and 12 tag changes, all at once.
      const calls = [
        "cll-demo-billing",
        "cll-demo-voicemail",
        "cll-demo-long",
        "cll-demo-missed",
        "cll-demo-ai-agent",
        "cll-demo-unicode",
      ];
      calls.forEach((id, index) => {
        requests.push(
          tagsRoute.POST(
            new Request(`http://127.0.0.1/api/items/${id}/tags`, {
              method: "POST",
              headers: headers(index),
              body: JSON.stringify({ tag: "follow-up" }),
            }),
            { params: Promise.resolve({ id }) },
          ),
        );
        requests.push(
          tagRoute.DELETE(
            new Request(`http://127.0.0.1/api/items/${id}/tags/vip`, {
              method: "DELETE",
              headers: headers(100 + index),
            }),
            {
              params: Promise.resolve({ id, tag: "vip" }),
            },
          ),
        );
      });
      const responses = await Promise.all(requests);
      for (const response of responses) {
        if (response.status === 200) continue;
        // Only the dashboard's own refusal of a caller it could not serve in time is allowed.
        expect(response.status).toBe(429);
        const body = (await response.json()) as { error: { upstream_status?: number } };
        expect(body.error.upstream_status).toBeUndefined();
      }
      expect(responses.filter((response) => response.status === 200).length).toBeGreaterThan(20);
    } finally {
      busy = false;
      await hog;
    }
    const stats = await fake.stats();
    console.log(
      `writes: ${stats.writeArrivals.length} arrivals, max ${maxInRollingWindow(stats.writeArrivals)} per rolling second, ${stats.writeRateLimited} answered 429 by Allo`,
    );
    // 16 searches (one more for the sort spelling) + 12 tag changes.
    expect(stats.writeArrivals.length).toBeGreaterThanOrEqual(28);
    expect(maxInRollingWindow(stats.writeArrivals, 1000)).toBeLessThanOrEqual(5);
    expect(stats.maxWritesPerRollingSecond).toBeLessThanOrEqual(5);
    expect(stats.writeRateLimited).toBe(0);
    expect(stats.rateLimited).toBe(0);
  }, 120_000);
});
