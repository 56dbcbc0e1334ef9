/**
 * The instance registry against a real redis-server: every instance counts the others through
 * one sorted set, a clean stop leaves at once, a dead instance drops out when its registration
 * expires, and the count survives a Redis outage as the last one seen.
 */
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInstanceRegistry } from "@/lib/server/instances.server";
import { testRedis } from "@/tests/support/redis-fixtures";

const redis = testRedis();
beforeAll(redis.start);
afterAll(redis.stop);

const silent = pino({ level: "silent" });

describe("instance registry", () => {
  it("counts the live instances, this one included; a clean stop leaves at once", async () => {
    const namespace = redis.namespace();
    const registries = await Promise.all(
      ["a", "b", "c"].map(async (id) =>
        createInstanceRegistry({ redis: await redis.connect({ namespace }), id, logger: silent }),
      ),
    );
    expect(registries[0]!.lastKnownCount()).toBeNull();
    for (const registry of registries) await registry.heartbeat();
    expect(await registries[0]!.heartbeat()).toBe(3);
    expect(registries[0]!.lastKnownCount()).toBe(3);
    await registries[2]!.stop();
    expect(await registries[0]!.heartbeat()).toBe(2);
    for (const registry of registries) await registry.stop();
  });

  it("drops an instance that stopped beating once its registration expires", async () => {
    const namespace = redis.namespace();
    const alive = createInstanceRegistry({
      redis: await redis.connect({ namespace }),
      id: "alive",
      ttlMs: 300,
      logger: silent,
    });
    const dead = createInstanceRegistry({
      redis: await redis.connect({ namespace }),
      id: "dead",
      ttlMs: 300,
      logger: silent,
    });
    await dead.heartbeat();
    expect(await alive.heartbeat()).toBe(2);
    // `dead` never beats again (a crash: no stop, no leave).
    await expect.poll(() => alive.heartbeat(), { timeout: 5_000, interval: 100 }).toBe(1);
    await alive.stop();
  });

  it("keeps the last count it saw while Redis is down, and beats again when it is back", async () => {
    const namespace = redis.namespace();
    const connection = await redis.connect({ namespace });
    const other = createInstanceRegistry({
      redis: await redis.connect({ namespace }),
      id: "other",
      logger: silent,
    });
    const registry = createInstanceRegistry({ redis: connection, id: "me", heartbeatMs: 50, logger: silent });
    await other.heartbeat();
    registry.start();
    await expect.poll(() => registry.lastKnownCount(), { timeout: 5_000 }).toBe(2);
    await redis.server.kill();
    try {
      await expect(registry.heartbeat()).rejects.toThrow();
      expect(registry.lastKnownCount()).toBe(2);
    } finally {
      await redis.server.restart();
    }
    await connection.waitUntilReady(10_000);
    // No persistence in this Redis: only this instance beats now.
    await expect.poll(() => registry.lastKnownCount(), { timeout: 5_000 }).toBe(1);
    await registry.stop();
  });
});
