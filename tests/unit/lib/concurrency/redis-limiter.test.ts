/**
 * The shared limiter against a real redis-server: several "instances" (limiters on their own
 * connections, same namespace) share one pool of permits, what Allo says reaches all of them,
 * a dead holder's permits come back, and with Redis gone each falls back to its share and comes
 * back to the pool when Redis does. Windows are short (200 ms) so the runs are short; the bound is
 * checked on arrival times recorded by the simulated upstream, counts and states, never durations.
 */
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { maxInRollingWindow } from "@/lib/allo/fake/fake-allo";
import type { AcquireResult, Permit } from "@/lib/concurrency/rate-limiter";
import { createRedisLimiter, type RedisLimiterOptions } from "@/lib/concurrency/redis-limiter.server";
import { testRedis } from "@/tests/support/redis-fixtures";

const redis = testRedis({ persistence: "aof" });
beforeAll(redis.start);
afterAll(redis.stop);

const WINDOW = 200;
const silent = pino({ level: "silent" });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const permitOf = (result: AcquireResult): Permit => {
  if (!result.ok) throw new Error(`expected a permit, got ${result.reason}`);
  return result.permit;
};

type Limiter = ReturnType<typeof createRedisLimiter>;
const limiters: Limiter[] = [];
afterEach(() => {
  for (const limiter of limiters.splice(0)) limiter.close();
});

/** One instance: its own connection, the shared namespace and scope. */
async function instance(namespace: string, options: Partial<RedisLimiterOptions> = {}) {
  const connection = await redis.connect({ namespace, commandTimeoutMs: 500 });
  const limiter = createRedisLimiter({
    redis: connection,
    name: "reads",
    scope: "test-key",
    limit: 5,
    windowMs: WINDOW,
    maxHoldMs: 5_000,
    pollMs: 10,
    retryRedisAfterMs: 50,
    instanceCount: () => 3,
    logger: silent,
    ...options,
  });
  limiters.push(limiter);
  return { connection, limiter };
}

/** A request through `limiter` to a simulated Allo: leaves after a random delay, is answered after another. */
async function request(limiter: Limiter, arrivals: number[], options: { maxWaitMs?: number } = {}) {
  const slot = await limiter.acquire({ maxWaitMs: options.maxWaitMs ?? 60_000 });
  if (!slot.ok) return slot.reason;
  await sleep(Math.random() * 40);
  arrivals.push(performance.now());
  await sleep(5 + Math.random() * 30);
  slot.permit.release({ kind: "response", status: 200 });
  return "sent";
}

describe("shared limiter on Redis", () => {
  it("keeps three instances together within the limit in every rolling window, by arrival", async () => {
    const namespace = redis.namespace();
    const instances = await Promise.all([instance(namespace), instance(namespace), instance(namespace)]);
    const arrivals: number[] = [];
    const outcomes = await Promise.all(
      instances.flatMap(({ limiter }) => Array.from({ length: 20 }, () => request(limiter, arrivals))),
    );
    expect(outcomes.filter((outcome) => outcome === "sent")).toHaveLength(60);
    arrivals.sort((a, b) => a - b);
    // 2 ms below the window: Redis's clock has whole milliseconds.
    const worst = maxInRollingWindow(arrivals, WINDOW - 2);
    expect(worst).toBeLessThanOrEqual(5);
    // The pool was used: three unshared limiters would have allowed 15 here.
    expect(worst).toBe(5);
  });

  it("counts a permit until its response has arrived, then one window more", async () => {
    const namespace = redis.namespace();
    const a = await instance(namespace);
    const b = await instance(namespace);
    const held = await Promise.all(Array.from({ length: 5 }, () => a.limiter.acquire({ maxWaitMs: 0 })));
    expect(held.every((slot) => slot.ok)).toBe(true);
    expect((await b.limiter.acquire({ maxWaitMs: 0 })).ok).toBe(false);
    // Still in flight however long it takes (here: longer than several windows).
    await sleep(3 * WINDOW);
    expect((await b.limiter.acquire({ maxWaitMs: 0 })).ok).toBe(false);
    for (const slot of held) permitOf(slot).release({ kind: "response", status: 200 });
    // Cooling for one window after the response: not at once…
    expect((await b.limiter.acquire({ maxWaitMs: 0 })).ok).toBe(false);
    // …but afterwards.
    const later = await b.limiter.acquire({ maxWaitMs: 5_000 });
    expect(later.ok).toBe(true);
    permitOf(later).release({ kind: "unused" });
  });

  it("pauses every instance after a 429 that one of them saw, for its Retry-After", async () => {
    const namespace = redis.namespace();
    const a = await instance(namespace);
    const b = await instance(namespace);
    permitOf(await a.limiter.acquire({ maxWaitMs: 0 })).release({
      kind: "response",
      status: 429,
      retryAfterMs: 1_500,
    });
    const refused = await b.limiter.acquire({ maxWaitMs: 300 });
    expect(refused).toMatchObject({ ok: false });
    const state = await b.connection.client.hGetAll(
      b.connection.key("limiter", "reads", "test-key", "state"),
    );
    expect(Number(state.pausedUntil)).toBeGreaterThan(0);
    const after = await b.limiter.acquire({ maxWaitMs: 10_000 });
    expect(after.ok).toBe(true);
    permitOf(after).release({ kind: "unused" });
  });

  it("caps every instance at Allo's X-RateLimit-Remaining until the reset", async () => {
    const namespace = redis.namespace();
    const a = await instance(namespace, { windowMs: 1_000 });
    const b = await instance(namespace, { windowMs: 1_000 });
    permitOf(await a.limiter.acquire({ maxWaitMs: 0 })).release({
      kind: "response",
      status: 200,
      remaining: 2,
      resetInMs: 1_000,
    });
    const slots = await Promise.all(Array.from({ length: 4 }, () => b.limiter.acquire({ maxWaitMs: 0 })));
    expect(slots.filter((slot) => slot.ok)).toHaveLength(2);
    for (const slot of slots) if (slot.ok) slot.permit.release({ kind: "unused" });
  });

  it("gives a dead instance's permits back after their maximum hold", async () => {
    const namespace = redis.namespace();
    const dying = await instance(namespace, { maxHoldMs: 1_000 });
    const survivor = await instance(namespace, { maxHoldMs: 1_000 });
    for (let i = 0; i < 5; i++) expect((await dying.limiter.acquire({ maxWaitMs: 0 })).ok).toBe(true);
    // The process dies: nothing is ever released.
    dying.limiter.close();
    await dying.connection.close();
    expect((await survivor.limiter.acquire({ maxWaitMs: 0 })).ok).toBe(false);
    const back = await survivor.limiter.acquire({ maxWaitMs: 10_000 });
    expect(back.ok).toBe(true);
    permitOf(back).release({ kind: "unused" });
  });

  it("falls back to this instance's share while Redis is down, and shares the pool again when it is back", async () => {
    const namespace = redis.namespace();
    const { limiter, connection } = await instance(namespace, { limit: 6, maxHoldMs: 1_000 });
    // A shared permit in flight when Redis goes away: local grants wait until it has cooled.
    const inFlight = permitOf(await limiter.acquire({ maxWaitMs: 0 }));
    await redis.server.kill();
    try {
      expect(await limiter.acquire({ maxWaitMs: 0 })).toMatchObject({ ok: false, reason: "deadline" });
      expect(limiter.state()).toMatchObject({ mode: "local", localShare: 2, ownShared: 1 });
      inFlight.release({ kind: "response", status: 200 });
      // floor(6 / 3 instances) = 2 held at once, however many ask.
      const local = await Promise.all(Array.from({ length: 5 }, () => limiter.acquire({ maxWaitMs: 400 })));
      expect(local.filter((slot) => slot.ok)).toHaveLength(2);
      expect(limiter.state().ownShared).toBe(0);
      for (const slot of local) if (slot.ok) slot.permit.release({ kind: "response", status: 200 });
    } finally {
      await redis.server.restart();
    }
    await connection.waitUntilReady(10_000);
    await sleep(60); // retryRedisAfterMs
    // Shared again: all six at once, more than the local share (once the local permits cooled,
    // and the in-flight permit Redis never heard released has passed its hold).
    const shared = await Promise.all(Array.from({ length: 6 }, () => limiter.acquire({ maxWaitMs: 5_000 })));
    expect(shared.filter((slot) => slot.ok)).toHaveLength(6);
    expect(limiter.state().mode).toBe("shared");
    for (const slot of shared) if (slot.ok) slot.permit.release({ kind: "unused" });
  });

  it("grants one permit at a time while down when it never learned how many instances there are", async () => {
    const namespace = redis.namespace();
    const { limiter } = await instance(namespace, { limit: 6, instanceCount: () => null });
    await redis.server.kill();
    try {
      // Long enough for the window after the switch, too short for a second permit to cool.
      const slots = await Promise.all(
        Array.from({ length: 3 }, () => limiter.acquire({ maxWaitMs: 1.5 * WINDOW })),
      );
      expect(slots.filter((slot) => slot.ok)).toHaveLength(1);
      expect(limiter.state()).toMatchObject({ mode: "local", localShare: 1 });
      for (const slot of slots) if (slot.ok) slot.permit.release({ kind: "unused" });
    } finally {
      await redis.server.restart();
    }
  });

  it("grants nothing locally for one window after the switch: another instance's shared arrivals and its own never share a rolling window", async () => {
    const namespace = redis.namespace();
    const a = await instance(namespace);
    const b = await instance(namespace);
    const arrivals: number[] = [];
    // Instance A spends the whole shared pool just before Redis dies; B cannot see those permits.
    const shared = await Promise.all(Array.from({ length: 5 }, () => request(a.limiter, arrivals)));
    expect(shared).toEqual(["sent", "sent", "sent", "sent", "sent"]);
    await redis.server.kill();
    try {
      expect(await b.limiter.acquire({ maxWaitMs: 0 })).toMatchObject({ ok: false, reason: "deadline" });
      expect(b.limiter.state().mode).toBe("local");
      const local = await Promise.all(Array.from({ length: 3 }, () => request(b.limiter, arrivals)));
      expect(local).toEqual(["sent", "sent", "sent"]);
      arrivals.sort((x, y) => x - y);
      // A's 5 and any of B's in one window would be 6: more than the limit, at Allo.
      expect(maxInRollingWindow(arrivals, WINDOW - 2)).toBeLessThanOrEqual(5);
    } finally {
      await redis.server.restart();
    }
  });

  it("back on Redis, leaves room for the shares of instances that have not noticed yet", async () => {
    const namespace = redis.namespace();
    // floor(6 / 3) = 2 each while local. B retries Redis late, so it is still local when A is back.
    const a = await instance(namespace, { limit: 6 });
    const b = await instance(namespace, { limit: 6, retryRedisAfterMs: 5_000 });
    await redis.server.kill();
    try {
      for (const { limiter } of [a, b]) {
        expect(await limiter.acquire({ maxWaitMs: 0 })).toMatchObject({ ok: false });
        expect(limiter.state().mode).toBe("local");
      }
    } finally {
      await redis.server.restart();
    }
    await a.connection.waitUntilReady(10_000);
    await sleep(60); // A's retryRedisAfterMs
    permitOf(await a.limiter.acquire({ maxWaitMs: 5_000 })).release({ kind: "unused" });
    expect(a.limiter.state().mode).toBe("shared");
    const arrivals: number[] = [];
    const outcomes = await Promise.all([
      ...Array.from({ length: 6 }, () => request(a.limiter, arrivals, { maxWaitMs: 5_000 })),
      ...Array.from({ length: 2 }, () => request(b.limiter, arrivals, { maxWaitMs: 5_000 })),
    ]);
    expect(outcomes.every((outcome) => outcome === "sent")).toBe(true);
    expect(b.limiter.state().mode).toBe("local");
    arrivals.sort((x, y) => x - y);
    // A alone could take all 6 at once; with B's 2 that would be 8 in one window at Allo.
    expect(maxInRollingWindow(arrivals, WINDOW - 2)).toBeLessThanOrEqual(6);
  });

  it("never holds more than the share at once while local", async () => {
    const namespace = redis.namespace();
    const { limiter } = await instance(namespace, { limit: 9 });
    await redis.server.kill();
    try {
      const arrivals: number[] = [];
      const outcomes = await Promise.all(Array.from({ length: 12 }, () => request(limiter, arrivals)));
      expect(outcomes.filter((outcome) => outcome === "sent")).toHaveLength(12);
      arrivals.sort((a, b) => a - b);
      // floor(9 / 3) = 3 per window for this instance.
      expect(maxInRollingWindow(arrivals, WINDOW - 2)).toBeLessThanOrEqual(3);
    } finally {
      await redis.server.restart();
    }
  });
});
