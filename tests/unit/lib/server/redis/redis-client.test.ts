/**
 * The Redis client module against a real redis-server: key prefixes, the reconnect schedule,
 * health, fail-fast errors, one log line per outage, and recovery without a process restart.
 */
import { createServer, type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createRedisConnection,
  defineLuaScript,
  reconnectDelayMs,
  redisKeyPrefix,
  redisServerWarnings,
  isRedisUnavailable,
  RedisUnavailableError,
} from "@/lib/server/redis/redis-client.server";
import { captureLogger } from "@/tests/support/notification-fixtures";
import { testRedis } from "@/tests/support/redis-fixtures";

const redis = testRedis({ persistence: "aof" });
beforeAll(redis.start);
afterAll(redis.stop);

/** A port on 127.0.0.1 that nothing listens on (taken, then released). */
function unusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe("Redis key prefix", () => {
  it("is callview: for the default deployment and callview:<namespace>: for another", () => {
    expect(redisKeyPrefix()).toBe("callview:");
    expect(redisKeyPrefix("")).toBe("callview:");
    expect(redisKeyPrefix("prod-eu_2")).toBe("callview:prod-eu_2:");
    for (const bad of ["a b", "a:b", "-x", "x".repeat(65), "é", "{tag}"]) {
      expect(() => redisKeyPrefix(bad)).toThrow(/namespace/);
    }
  });
});

describe("reconnect schedule", () => {
  const options = { initialDelayMs: 100, maxDelayMs: 5_000 };

  it("doubles from the first delay up to the cap, with half of each step random", () => {
    const low = (retries: number) => reconnectDelayMs(retries, { ...options, random: () => 0 });
    const high = (retries: number) => reconnectDelayMs(retries, { ...options, random: () => 1 });
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(high)).toEqual([100, 200, 400, 800, 1_600, 3_200, 5_000, 5_000]);
    expect([0, 1, 2, 6].map(low)).toEqual([50, 100, 200, 2_500]);
  });

  it("never gives up, even after a very long outage", () => {
    for (const retries of [100, 10_000, 1e9]) {
      expect(reconnectDelayMs(retries, { ...options, random: () => 0.5 })).toBe(3_750);
    }
  });
});

describe("Redis connection", () => {
  it("connects, answers PING for readiness, and puts keys under its prefix", async () => {
    const connection = await redis.connect({ namespace: "unit" });
    expect(connection.isReady).toBe(true);
    expect(connection.prefix).toBe("callview:unit:");
    expect(connection.key("notify", "event", "1")).toBe("callview:unit:notify:event:1");
    const health = await connection.checkHealth();
    expect(health.ok).toBe(true);
    expect(health.ok && typeof health.latencyMs).toBe("number");
    await connection.close();
    await connection.close(); // idempotent
    expect(await connection.checkHealth()).toEqual({ ok: false, error: "not connected" });
  });

  it("runs Lua scripts, sending the source again after the server forgot it", async () => {
    const connection = await redis.connect();
    const script = defineLuaScript("echo", "return { KEYS[1], ARGV[1], tonumber(ARGV[2]) + 1 }");
    expect(await connection.evalScript(script, ["k"], ["v", 41])).toEqual(["k", "v", 42]);
    await connection.run("SCRIPT FLUSH", (client) => client.scriptFlush());
    expect(await connection.evalScript(script, ["k"], ["w", 1])).toEqual(["k", "w", 2]);
    await connection.close();
  });

  it("an error Redis answered is the caller's bug, not an outage", async () => {
    const connection = await redis.connect();
    const broken = defineLuaScript("broken", "return redis.call('NOSUCHCOMMAND')");
    const error = await connection.evalScript(broken, [], []).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(RedisUnavailableError);
    await connection.close();
  });

  it("names what breaks the store's guarantees in the server's configuration", async () => {
    const connection = await redis.connect();
    expect(await redisServerWarnings(connection)).toEqual([]);
    await connection.run("CONFIG SET", (client) => client.configSet("maxmemory-policy", "allkeys-lru"));
    await connection.run("CONFIG SET", (client) => client.configSet("appendonly", "no"));
    try {
      expect(await redisServerWarnings(connection)).toEqual([
        expect.stringMatching(/^maxmemory-policy is allkeys-lru/),
        expect.stringMatching(/^appendonly is off/),
      ]);
    } finally {
      await connection.run("CONFIG SET", (client) => client.configSet("maxmemory-policy", "noeviction"));
      await connection.run("CONFIG SET", (client) => client.configSet("appendonly", "yes"));
      await connection.close();
    }
  });

  it("Redis not there at start: fails fast, keeps trying, logs it once", async () => {
    const log = captureLogger();
    const connection = createRedisConnection({
      url: `redis://callview:s3cret-pw@127.0.0.1:${await unusedPort()}`,
      logger: log.logger,
      reconnectInitialDelayMs: 10,
      reconnectMaxDelayMs: 20,
    });
    let errors = 0;
    connection.client.on("error", () => errors++);
    try {
      await expect(connection.waitUntilReady(300)).rejects.toBeInstanceOf(RedisUnavailableError);
      await expect(connection.run("GET", (client) => client.get("x"))).rejects.toBeInstanceOf(
        RedisUnavailableError,
      );
      await vi.waitFor(() => expect(errors).toBeGreaterThanOrEqual(5), { timeout: 5_000, interval: 10 });
      expect(log.lines.map((line) => line.msg)).toEqual(["Redis not reachable; retrying in the background"]);
      expect(log.text()).not.toContain("s3cret-pw"); // the URL's password never reaches a log
    } finally {
      await connection.close();
    }
  });

  it("an outage: one line when it starts, one when it ends, and the same client works again", async () => {
    const log = captureLogger();
    const connection = await redis.connect({ logger: log.logger });
    let errors = 0;
    connection.client.on("error", () => errors++);
    await connection.run("SET", (client) => client.set("callview:outage-test", "kept"));

    await redis.server.kill();
    await expect(
      connection.run("GET", (client) => client.get("callview:outage-test")),
    ).rejects.toBeInstanceOf(RedisUnavailableError);
    expect((await connection.checkHealth()).ok).toBe(false);
    // Several reconnect attempts fail while it is down…
    await vi.waitFor(() => expect(errors).toBeGreaterThanOrEqual(4), { timeout: 5_000, interval: 10 });
    await redis.server.restart();
    await connection.waitUntilReady(10_000);

    expect(await connection.run("GET", (client) => client.get("callview:outage-test"))).toBe("kept");
    expect((await connection.checkHealth()).ok).toBe(true);
    // …but the log has one line for the outage and one for the recovery.
    expect(log.lines.map((line) => [line.level, line.msg])).toEqual([
      [30, "Redis connected"],
      [50, "Redis connection lost; reconnecting in the background"],
      [40, "Redis available again"],
    ]);
    expect(log.lines[2]).toMatchObject({ errors: expect.any(Number), downForMs: expect.any(Number) });
    expect(log.lines[2]!.errors as number).toBeGreaterThanOrEqual(4);
    await connection.close();
  });
});

describe("isRedisUnavailable", () => {
  it("recognises the error from any copy of the module (Next bundles one per route), and nothing else", () => {
    expect(isRedisUnavailable(new RedisUnavailableError("down"))).toBe(true);
    // What another bundle's class looks like from here: same name, another constructor.
    class RedisUnavailableErrorElsewhere extends Error {
      override readonly name = "RedisUnavailableError";
    }
    expect(isRedisUnavailable(new RedisUnavailableErrorElsewhere("down"))).toBe(true);
    expect(isRedisUnavailable(new Error("ERR script bug"))).toBe(false);
    expect(isRedisUnavailable({ name: "RedisUnavailableError" })).toBe(false);
  });
});
