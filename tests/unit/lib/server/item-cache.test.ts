import { describe, expect, it } from "vitest";
import type { AlloResult } from "@/lib/allo/client.server";
import { CallviewError } from "@/lib/api/errors";
import { alloItemSchema } from "@/lib/allo/schemas";
import { createItemCache, isSummaryPending } from "@/lib/server/item-cache.server";

const NOW = Date.parse("2026-11-24T12:00:00Z");

function item(overrides: Record<string, unknown> = {}) {
  return alloItemSchema.parse({
    id: "cll-1",
    type: "CALL",
    direction: "INBOUND",
    date: "2026-11-24T11:58:00Z",
    duration: 60,
    result: "ANSWERED",
    summary: "done",
    ...overrides,
  });
}

function ok(overrides: Record<string, unknown> = {}): AlloResult {
  return { ok: true, item: item(overrides), requestId: "req_1", attempts: 1, upstreamStatus: 200 };
}

function harness(results: AlloResult[]) {
  let now = NOW;
  let loads = 0;
  const cache = createItemCache(
    async () => {
      loads++;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return results.shift() ?? ok();
    },
    { ttlMs: 30_000, pendingTtlMs: 2_000, notFoundTtlMs: 5_000, maxEntries: 3, now: () => now },
  );
  return { cache, loads: () => loads, advance: (ms: number) => (now += ms) };
}

describe("item cache", () => {
  it("coalesces a burst of concurrent lookups into one load", async () => {
    const { cache, loads } = harness([ok()]);
    const outcomes = await Promise.all(Array.from({ length: 100 }, () => cache.get("cll-1")));
    expect(loads()).toBe(1);
    expect(outcomes.filter((o) => o.outcome === "miss")).toHaveLength(1);
    expect(outcomes.filter((o) => o.outcome === "coalesced")).toHaveLength(99);
    expect((await cache.get("cll-1")).outcome).toBe("hit");
  });

  it("keeps items with a pending summary only briefly", async () => {
    const { cache, loads, advance } = harness([ok({ summary: null }), ok()]);
    await cache.get("cll-1");
    advance(1_500);
    expect((await cache.get("cll-1")).outcome).toBe("hit");
    advance(600);
    const refreshed = await cache.get("cll-1");
    expect(refreshed.outcome).toBe("miss");
    expect(refreshed.result.ok && refreshed.result.item.summary).toBe("done");
    expect(loads()).toBe(2);
  });

  it("remembers not-found briefly and never caches other errors", async () => {
    const notFound: AlloResult = {
      ok: false,
      attempts: 1,
      error: new CallviewError({ code: "CONVERSATION_ITEM_NOT_FOUND", message: "x" }),
    };
    const down: AlloResult = {
      ok: false,
      attempts: 1,
      error: new CallviewError({ code: "UPSTREAM_UNAVAILABLE", message: "x" }),
    };
    const { cache, loads, advance } = harness([notFound, down, down]);
    await cache.get("a");
    expect((await cache.get("a")).outcome).toBe("hit");
    advance(5_001);
    await cache.get("a");
    await cache.get("a");
    expect(loads()).toBe(3);
  });

  it("evicts the least recently used entry beyond its bound", async () => {
    const { cache, loads } = harness([]);
    for (const key of ["a", "b", "c"]) await cache.get(key);
    await cache.get("a");
    await cache.get("d");
    expect(cache.size).toBe(3);
    expect((await cache.get("a")).outcome).toBe("hit");
    expect((await cache.get("b")).outcome).toBe("miss");
    expect(loads()).toBe(5);
  });
});

describe("isSummaryPending", () => {
  it("is true only for recent answered calls or voicemails without a summary", () => {
    expect(isSummaryPending(item({ summary: null }), NOW)).toBe(true);
    expect(isSummaryPending(item({ summary: null, result: "VOICEMAIL" }), NOW)).toBe(true);
    expect(isSummaryPending(item({ summary: null, result: "MISSED" }), NOW)).toBe(false);
    expect(isSummaryPending(item({ summary: null }), NOW + 3_600_000)).toBe(false);
    expect(isSummaryPending(item(), NOW)).toBe(false);
    expect(isSummaryPending(item({ id: "msg-1", type: "SMS", summary: null }), NOW)).toBe(false);
  });
});
