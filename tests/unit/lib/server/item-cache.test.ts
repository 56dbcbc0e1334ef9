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

/** A found item whose upstream body was `bodyBytes` long. */
function sized(bodyBytes: number, overrides: Record<string, unknown> = {}): AlloResult {
  return { ok: true, item: item(overrides), requestId: "req_1", attempts: 1, upstreamStatus: 200, bodyBytes };
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

describe("item cache invalidation", () => {
  it("forgets an item on invalidate, so the next lookup loads it afresh", async () => {
    const { cache, loads } = harness([ok({ tags: ["billing"] }), ok({ tags: ["billing", "urgent"] })]);
    await cache.get("cll-1");
    expect((await cache.get("cll-1")).outcome).toBe("hit");
    await cache.invalidate("cll-1");
    const after = await cache.get("cll-1");
    expect(after.outcome).toBe("miss");
    expect(after.result.ok && after.result.item.tags).toEqual(["billing", "urgent"]);
    expect(loads()).toBe(2);
  });

  it("does not keep a load that was in flight when the item was invalidated", async () => {
    const { cache, loads } = harness([ok({ tags: ["old"] }), ok({ tags: ["new"] })]);
    const inFlight = cache.get("cll-1");
    await cache.invalidate("cll-1");
    // The waiter still gets its answer; a newcomer does not join the stale load.
    expect((await inFlight).result.ok).toBe(true);
    const next = await cache.get("cll-1");
    expect(next.outcome).toBe("miss");
    expect(next.result.ok && next.result.item.tags).toEqual(["new"]);
    expect(loads()).toBe(2);
    expect((await cache.get("cll-1")).outcome).toBe("hit");
  });
});

describe("item cache memory", () => {
  const MB = 1024 * 1024;

  it("is bounded by bytes: 31 items of 5 MB fit a 20 MB budget four at a time, newest kept", async () => {
    const cache = createItemCache(async (key) => sized(5 * MB, { id: key }), {
      maxBytes: 20 * MB,
      now: () => NOW,
    });
    for (let i = 0; i < 31; i++) await cache.get(`cll-${i}`);
    expect(cache.bytes).toBeLessThanOrEqual(20 * MB);
    expect(cache.size).toBe(4);
    expect((await cache.get("cll-30")).outcome).toBe("hit");
    expect((await cache.get("cll-0")).outcome).toBe("miss");
  });

  it("does not keep an item larger than the whole budget", async () => {
    const cache = createItemCache(async () => sized(3 * MB), {
      maxBytes: 2 * MB,
      now: () => NOW,
    });
    await cache.get("cll-1");
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
    expect((await cache.get("cll-1")).outcome).toBe("miss");
  });

  it("keeps nothing, not even not-found, when the TTL is 0", async () => {
    let loads = 0;
    const cache = createItemCache(
      async (): Promise<AlloResult> => {
        loads++;
        return {
          ok: false,
          attempts: 1,
          error: new CallviewError({ code: "CONVERSATION_ITEM_NOT_FOUND", message: "x" }),
        };
      },
      { ttlMs: 0, now: () => NOW },
    );
    await cache.get("cll-gone");
    expect((await cache.get("cll-gone")).outcome).toBe("miss");
    expect(loads).toBe(2);
  });
});

describe("item cache cancellation", () => {
  /** A load that waits until told to answer, and shows the signal it was given. */
  function controllable() {
    const loads: { signal: AbortSignal; answer: () => void }[] = [];
    const cache = createItemCache(
      (_key, context) =>
        new Promise<AlloResult>((resolve) => {
          const answer = () => resolve(ok());
          context.signal.addEventListener("abort", () =>
            resolve({
              ok: false,
              attempts: 1,
              error: new CallviewError({
                code: "UPSTREAM_UNAVAILABLE",
                message: "cancelled",
                retryable: true,
              }),
            }),
          );
          loads.push({ signal: context.signal, answer });
        }),
      { now: () => NOW },
    );
    return { cache, loads };
  }

  it("keeps a shared load going while one waiter remains, and aborts it when every waiter has gone", async () => {
    const { cache, loads } = controllable();
    const first = new AbortController();
    const second = new AbortController();
    const a = cache.get("cll-1", { signal: first.signal });
    const b = cache.get("cll-1", { signal: second.signal });
    await Promise.resolve();
    expect(loads).toHaveLength(1);
    first.abort();
    expect((await a).result.ok).toBe(false);
    expect(loads[0]!.signal.aborted).toBe(false);
    second.abort();
    expect(loads[0]!.signal.aborted).toBe(true);
    expect((await b).result.ok).toBe(false);
    // The cancelled load is neither cached nor joined: the next caller starts afresh.
    const c = cache.get("cll-1");
    await Promise.resolve();
    expect(loads).toHaveLength(2);
    expect(loads[1]!.signal.aborted).toBe(false);
    loads[1]!.answer();
    expect((await c).result.ok).toBe(true);
    expect(cache.loading).toBe(0);
  });

  it("never aborts a load that a caller without a signal waits for (a page render)", async () => {
    const { cache, loads } = controllable();
    const leaving = new AbortController();
    const page = cache.get("cll-1");
    void cache.get("cll-1", { signal: leaving.signal });
    await Promise.resolve();
    leaving.abort();
    expect(loads[0]!.signal.aborted).toBe(false);
    loads[0]!.answer();
    expect((await page).result.ok).toBe(true);
  });

  it("passes the request id and the fair-share key of the caller who loads", async () => {
    const seen: unknown[] = [];
    const cache = createItemCache(
      async (_key, context) => {
        seen.push({ requestId: context.requestId, user: context.user });
        return ok();
      },
      { now: () => NOW },
    );
    await cache.get("cll-1", { requestId: "req_aaaaaaaaaaaa", user: "u_alice" });
    expect(seen).toEqual([{ requestId: "req_aaaaaaaaaaaa", user: "u_alice" }]);
  });
});

describe("item cache: invalidate", () => {
  it("forgets an item, so the next lookup asks the upstream again", async () => {
    const { cache, loads } = harness([ok(), ok({ summary: "changed" })]);
    await cache.get("cll-1");
    expect((await cache.get("cll-1")).outcome).toBe("hit");
    await cache.invalidate("cll-1");
    const again = await cache.get("cll-1");
    expect(again.outcome).toBe("miss");
    expect(again.result.ok && again.result.item.summary).toBe("changed");
    expect(loads()).toBe(2);
  });

  it("does not keep the answer of a load that started before the invalidation", async () => {
    const answers: ((result: AlloResult) => void)[] = [];
    const cache = createItemCache(() => new Promise<AlloResult>((resolve) => answers.push(resolve)), {
      now: () => NOW,
    });
    const before = cache.get("cll-1");
    await cache.invalidate("cll-1");
    // A caller after the change does not join the older load.
    const after = cache.get("cll-1");
    expect(answers).toHaveLength(2);
    answers[0]!(ok({ summary: "old" }));
    expect((await before).result.ok).toBe(true);
    expect(cache.size).toBe(0);
    answers[1]!(ok({ summary: "new" }));
    await after;
    const hit = await cache.get("cll-1");
    expect(hit.outcome).toBe("hit");
    expect(hit.result.ok && hit.result.item.summary).toBe("new");
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
