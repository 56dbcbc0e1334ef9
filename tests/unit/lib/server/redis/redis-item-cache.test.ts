/**
 * The shared item cache against a real redis-server: several "instances" (caches on their own
 * connections, one namespace) share items and coalesce a burst into one load, keep the in-process
 * cache's TTL rules, forget an item everywhere on `invalidate`, survive a dead lock holder, and
 * fall back to their local cache while Redis is down. Loads are counted; no durations asserted.
 */
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AlloResult } from "@/lib/allo/client.server";
import { alloItemSchema } from "@/lib/allo/schemas";
import { CallviewError } from "@/lib/api/errors";
import type { LoadContext } from "@/lib/server/item-cache.server";
import type { CallviewRedis } from "@/lib/server/redis/redis-client.server";
import { createRedisItemCache, type RedisItemCacheOptions } from "@/lib/server/redis/redis-item-cache.server";
import { testRedis } from "@/tests/support/redis-fixtures";

const redis = testRedis({ persistence: "aof" });
beforeAll(redis.start);
afterAll(redis.stop);

const silent = pino({ level: "silent" });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function item(overrides: Record<string, unknown> = {}) {
  return alloItemSchema.parse({
    id: "cll-1",
    type: "CALL",
    direction: "INBOUND",
    date: new Date(Date.now() - 60_000).toISOString(),
    duration: 60,
    result: "ANSWERED",
    summary: "done",
    transcript: [{ source: "USER", time: new Date(Date.now() - 59_000).toISOString(), text: "Hello there" }],
    ...overrides,
  });
}

const ok = (overrides: Record<string, unknown> = {}): AlloResult => ({
  ok: true,
  item: item(overrides),
  requestId: "req_1",
  attempts: 1,
  upstreamStatus: 200,
  bodyBytes: 900,
});

const failure = (code: "CONVERSATION_ITEM_NOT_FOUND" | "UPSTREAM_UNAVAILABLE"): AlloResult => ({
  ok: false,
  attempts: 1,
  error: new CallviewError({
    code,
    message: code === "UPSTREAM_UNAVAILABLE" ? "Allo is having trouble (HTTP 502)." : "No such item.",
    retryable: code === "UPSTREAM_UNAVAILABLE",
    requestId: "req_2",
    upstreamStatus: code === "UPSTREAM_UNAVAILABLE" ? 502 : 404,
  }),
});

/** The upstream all instances share: counts loads; `hold()` keeps the next loads waiting. */
function upstream(answer: (id: string) => AlloResult = () => ok()) {
  let loads = 0;
  let gate: Promise<void> | null = null;
  let open: () => void = () => {};
  const signals: AbortSignal[] = [];
  return {
    load: async (id: string, context: LoadContext) => {
      loads++;
      signals.push(context.signal);
      if (gate) await gate;
      else await sleep(20);
      return answer(id);
    },
    loads: () => loads,
    signals,
    hold() {
      gate = new Promise((resolve) => (open = resolve));
    },
    release() {
      gate = null;
      open();
    },
  };
}

async function instance(
  namespace: string,
  source: ReturnType<typeof upstream>,
  options: Partial<RedisItemCacheOptions> = {},
) {
  const connection = await redis.connect({ namespace, commandTimeoutMs: 500 });
  const cache = createRedisItemCache(source.load, {
    redis: connection,
    maxWaitMs: 10_000,
    ttlMs: 30_000,
    lockTtlMs: 600,
    lockRefreshMs: 150,
    retryRedisAfterMs: 50,
    logger: silent,
    ...options,
  });
  return { connection, cache };
}

const valueKey = (connection: CallviewRedis, id: string) => connection.key("items", "v1", id);

describe("shared item cache on Redis", () => {
  it("loads an item once for every instance, and hands each caller one parsed object per version", async () => {
    const namespace = redis.namespace();
    const source = upstream();
    const a = await instance(namespace, source);
    const b = await instance(namespace, source);
    const first = await a.cache.get("cll-1");
    expect(first.outcome).toBe("miss");
    const elsewhere = await b.cache.get("cll-1");
    expect(elsewhere.outcome).toBe("hit");
    expect(elsewhere.result).toEqual(first.result);
    expect((await b.cache.get("cll-1")).result).toBe(elsewhere.result);
    expect(source.loads()).toBe(1);
    // Stored as JSON with the TTL as its expiry.
    const ttl = await a.connection.client.pTTL(valueKey(a.connection, "cll-1"));
    expect(ttl).toBeGreaterThan(25_000);
    expect(ttl).toBeLessThanOrEqual(30_000);
  });

  it("turns a burst spread over three instances into one upstream load", async () => {
    const namespace = redis.namespace();
    const source = upstream();
    const instances = await Promise.all([1, 2, 3].map(() => instance(namespace, source)));
    source.hold();
    const burst = Promise.all(Array.from({ length: 99 }, (_, i) => instances[i % 3]!.cache.get("cll-burst")));
    await sleep(100);
    source.release();
    const outcomes = await burst;
    expect(source.loads()).toBe(1);
    expect(outcomes.filter((entry) => entry.outcome === "miss")).toHaveLength(1);
    expect(outcomes.every((entry) => entry.result.ok)).toBe(true);
  });

  it("keeps the in-process TTL rules: pending summary 2 s, not found 5 s, other errors never", async () => {
    const namespace = redis.namespace();
    const answers: Record<string, AlloResult> = {
      "cll-pending": ok({ id: "cll-pending", summary: null, date: new Date().toISOString() }),
      "cll-missing": failure("CONVERSATION_ITEM_NOT_FOUND"),
      "cll-broken": failure("UPSTREAM_UNAVAILABLE"),
    };
    const source = upstream((id) => answers[id]!);
    const { connection, cache } = await instance(namespace, source);
    await cache.get("cll-pending");
    await cache.get("cll-missing");
    await cache.get("cll-broken");
    const pending = await connection.client.pTTL(valueKey(connection, "cll-pending"));
    expect(pending).toBeGreaterThan(0);
    expect(pending).toBeLessThanOrEqual(2_000);
    const missing = await connection.client.pTTL(valueKey(connection, "cll-missing"));
    expect(missing).toBeGreaterThan(2_000);
    expect(missing).toBeLessThanOrEqual(5_000);
    expect(await connection.client.exists(valueKey(connection, "cll-broken"))).toBe(0);
    // A cached error comes back as the same typed error.
    const again = await cache.get("cll-missing");
    expect(again.outcome).toBe("hit");
    expect(!again.result.ok && again.result.error).toBeInstanceOf(CallviewError);
    expect(!again.result.ok && again.result.error.code).toBe("CONVERSATION_ITEM_NOT_FOUND");
    expect(source.loads()).toBe(3);
    await cache.get("cll-broken");
    expect(source.loads()).toBe(4);
  });

  it("keeps nothing with a TTL of 0, yet still coalesces a concurrent burst across instances", async () => {
    const namespace = redis.namespace();
    const source = upstream();
    const a = await instance(namespace, source, { ttlMs: 0 });
    const b = await instance(namespace, source, { ttlMs: 0 });
    source.hold();
    const burst = Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).cache.get("cll-0")));
    await sleep(100);
    source.release();
    const outcomes = await burst;
    expect(outcomes.every((entry) => entry.result.ok)).toBe(true);
    expect(source.loads()).toBe(1);
    expect(await a.connection.client.exists(valueKey(a.connection, "cll-0"))).toBe(0);
    // A later caller is not served from the handoff: it loads again.
    await a.cache.get("cll-0");
    expect(source.loads()).toBe(2);
  });

  it("forgets an item on every instance when one of them invalidates it", async () => {
    const namespace = redis.namespace();
    const source = upstream();
    const a = await instance(namespace, source);
    const b = await instance(namespace, source);
    await a.cache.get("cll-1");
    await b.cache.get("cll-1");
    expect(source.loads()).toBe(1);
    await b.cache.invalidate("cll-1");
    expect((await a.cache.get("cll-1")).outcome).toBe("miss");
    expect(source.loads()).toBe(2);
  });

  it("does not keep an answer loaded before an invalidation", async () => {
    const namespace = redis.namespace();
    const source = upstream();
    const a = await instance(namespace, source);
    const b = await instance(namespace, source);
    source.hold();
    const loading = a.cache.get("cll-1");
    await sleep(50);
    await b.cache.invalidate("cll-1");
    source.release();
    expect((await loading).result.ok).toBe(true);
    expect(await a.connection.client.exists(valueKey(a.connection, "cll-1"))).toBe(0);
    expect((await b.cache.get("cll-1")).outcome).toBe("miss");
    expect(source.loads()).toBe(2);
  });

  it("loads elsewhere when the instance holding the lock died (the lock expires)", async () => {
    const namespace = redis.namespace();
    const source = upstream();
    const survivor = await instance(namespace, source);
    // A holder that died mid-load: its lock, no value, nobody renewing it.
    await survivor.connection.client.set(
      `${valueKey(survivor.connection, "cll-1")}:lock`,
      "dead-holder-0000",
      {
        PX: 400,
      },
    );
    const result = await survivor.cache.get("cll-1");
    expect(result.result.ok).toBe(true);
    expect(source.loads()).toBe(1);
  });

  it("waits for another instance's load only up to its bound, then loads itself", async () => {
    const namespace = redis.namespace();
    const source = upstream();
    const slow = await instance(namespace, source);
    const impatient = await instance(namespace, source, { maxWaitMs: 300 });
    source.hold();
    const first = slow.cache.get("cll-1");
    await sleep(50);
    const second = impatient.cache.get("cll-1");
    await sleep(500);
    source.release();
    await Promise.all([first, second]);
    expect(source.loads()).toBe(2);
  });

  it("aborts the shared load and frees the lock once every waiter has gone", async () => {
    const namespace = redis.namespace();
    const source = upstream();
    const { connection, cache } = await instance(namespace, source);
    source.hold();
    const controllers = [new AbortController(), new AbortController()];
    const waiting = controllers.map((controller) => cache.get("cll-1", { signal: controller.signal }));
    await sleep(50);
    controllers[0]!.abort();
    expect(source.signals[0]!.aborted).toBe(false);
    controllers[1]!.abort();
    await Promise.all(waiting);
    expect(source.signals[0]!.aborted).toBe(true);
    source.release();
    await expect
      .poll(() => connection.client.exists(`${valueKey(connection, "cll-1")}:lock`), { timeout: 5_000 })
      .toBe(0);
    expect(cache.loading).toBe(0);
  });

  it("falls back to the local cache while Redis is down, then shares again without stale entries", async () => {
    const namespace = redis.namespace();
    const source = upstream();
    const { connection, cache } = await instance(namespace, source);
    await cache.get("cll-1");
    expect(source.loads()).toBe(1);
    await redis.server.kill();
    try {
      // Local: one load for this instance, then local hits.
      const down = await cache.get("cll-1");
      expect(down.result.ok).toBe(true);
      expect((await cache.get("cll-1")).outcome).toBe("hit");
      expect(source.loads()).toBe(2);
      expect(cache.shared).toBe(false);
      // Remembered, and replayed once Redis is back (the AOF kept the old value).
      await cache.invalidate("cll-1");
    } finally {
      await redis.server.restart();
    }
    await connection.waitUntilReady(10_000);
    await expect
      .poll(() => connection.client.exists(valueKey(connection, "cll-1")), { timeout: 5_000 })
      .toBe(0);
    await sleep(60); // retryRedisAfterMs
    expect((await cache.get("cll-1")).outcome).toBe("miss");
    expect(source.loads()).toBe(3);
    expect(cache.shared).toBe(true);
    expect(cache.local.size).toBe(0);
  });
});
