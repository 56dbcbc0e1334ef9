/**
 * A load nobody waits for any more is dropped: through the item route, against the fake Allo
 * API over HTTP, from a fresh limiter (its own file, so no other test's permits are cooling).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeAlloServer, type FakeAlloServer } from "@/lib/allo/fake/http-server";

const KEY = "ak_live_cancel_test_0c5d2a";
let fake: FakeAlloServer;
let itemRoute: typeof import("@/app/api/items/[id]/route");

beforeAll(async () => {
  fake = await startFakeAlloServer({ apiKey: KEY, rateLimitPerSecond: 20, latencyMs: 20 });
  Object.assign(process.env, {
    ALLO_API_KEY: KEY,
    ALLO_API_BASE_URL: fake.url,
    ALLO_REQUEST_TIMEOUT_MS: "1500",
    AUTH_MODE: "none",
    LOG_LEVEL: "warn",
  });
  itemRoute = await import("@/app/api/items/[id]/route");
});

afterAll(async () => {
  await fake?.close();
});

function getItem(id: string, signal?: AbortSignal) {
  const request = new Request(`http://127.0.0.1/api/items/${encodeURIComponent(id)}`, { signal });
  return itemRoute.GET(request, { params: Promise.resolve({ id }) });
}

describe("cancellation", () => {
  it("drops a load once every caller waiting for it has gone, freeing its place in the queue", async () => {
    const ids = Array.from({ length: 45 }, (_, i) => `cll-gone-${i}`);
    const controllers = ids.map(() => new AbortController());
    const responses = ids.map((id, i) => getItem(id, controllers[i]!.signal));
    await new Promise((resolve) => setImmediate(resolve));
    for (const controller of controllers) controller.abort();
    await Promise.all(responses);
    // Nothing is left waiting: no queued caller, no load in flight.
    const { alloRuntime } = await import("@/lib/server/allo.server");
    expect(alloRuntime().limiter.pending).toBe(0);
    expect(alloRuntime().items.loading).toBe(0);
    // Let the fake finish reading whatever had already been sent before the callers left.
    await fetch(`${fake.url}/__fake/stats`);
    await new Promise((resolve) => setImmediate(resolve));
    // Only what had a permit before the callers left can have reached Allo: one window's worth.
    expect(fake.fake.stats.itemRequests).toBeLessThanOrEqual(20);
  });
});
