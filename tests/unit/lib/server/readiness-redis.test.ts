/**
 * Readiness with CALLVIEW_REDIS_URL, against a real redis-server: Redis is reported by name,
 * never by URL, and its outage degrades the instance without making it unready (every instance
 * still serves on its local fallbacks; taking them all out would turn a Redis outage into an
 * outage of the dashboard).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readiness } from "@/lib/server/readiness.server";
import { testRedis } from "@/tests/support/redis-fixtures";

const redis = testRedis();
beforeAll(redis.start);
afterAll(redis.stop);

describe("readiness with Redis", () => {
  it("reports Redis ok, then degraded (still ready) while it is down, naming the variable only", async () => {
    const live = await redis.connect();
    // A URL with a password, as production may have: it must never show.
    const env = { CALLVIEW_REDIS_URL: `redis://:s3cret-in-url@127.0.0.1:${redis.server.port}` };
    const health = () => live.checkHealth();

    expect(await readiness(env, { redisHealth: health })).toEqual({
      ready: true,
      mode: "demo",
      problems: [],
      redis: "ok",
      degraded: [],
    });
    await redis.server.kill();
    try {
      const down = await readiness(env, { redisHealth: health });
      expect(down).toMatchObject({ ready: true, redis: "unavailable" });
      expect(down.degraded.join(" ")).toContain("CALLVIEW_REDIS_URL");
      expect(JSON.stringify(down)).not.toContain("s3cret");
      expect(JSON.stringify(down)).not.toContain(String(redis.server.port));
    } finally {
      await redis.server.restart();
    }
    await live.waitUntilReady(10_000);
    expect((await readiness(env, { redisHealth: health })).redis).toBe("ok");
  });
});
