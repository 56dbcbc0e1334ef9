/**
 * The receiver on the Redis store, against a real redis-server that goes away: a delivery that
 * cannot be recorded is answered 503 (so Allo retries) and leaves nothing behind, and Allo's
 * retry is recorded once Redis is back. Another instance's retry of a recorded delivery is a
 * duplicate.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { receiveAlloWebhook } from "@/lib/notifications/receiver.server";
import type { NotificationStore } from "@/lib/notifications/store/notification-store";
import { signWebhook } from "@/lib/notifications/webhook-signature.server";
import { captureLogger, SECRET_NEW } from "@/tests/support/notification-fixtures";
import { testRedis } from "@/tests/support/redis-fixtures";

const redis = testRedis({ persistence: "aof" });
beforeAll(redis.start);
afterAll(redis.stop);

const log = captureLogger();

function receive(store: NotificationStore, id: string) {
  const rawBody = JSON.stringify({
    topic: "call.completed",
    version: "2.0",
    data: { id: "cll-demo-missed" },
  });
  const nowMs = Date.now();
  return receiveAlloWebhook({
    rawBody,
    headers: signWebhook({
      id,
      timestampSeconds: Math.floor(nowMs / 1000),
      body: rawBody,
      secret: SECRET_NEW,
    }),
    secrets: [SECRET_NEW],
    store,
    logger: log.logger,
    nowMs,
  });
}

describe("receiveAlloWebhook on the Redis store", () => {
  it("answers 503 while Redis is down and records Allo's retry once it is back", async () => {
    const namespace = redis.namespace();
    const instanceA = await redis.openStore({ namespace, settings: { commandTimeoutMs: 500 } });
    const instanceB = await redis.openStore({ namespace, settings: { commandTimeoutMs: 500 } });
    expect((await receive(instanceA, "msg_redis_first")).outcome).toBe("recorded");
    // Allo retries on another instance: one store, so a duplicate.
    expect((await receive(instanceB, "msg_redis_first")).outcome).toBe("duplicate");

    await redis.server.kill();
    try {
      expect(await receive(instanceA, "msg_redis_during")).toEqual({
        status: 503,
        outcome: "store-unavailable",
        body: { ok: false, outcome: "store-unavailable" },
      });
      expect(log.lines.some((line) => line.verdict === "store-unavailable")).toBe(true);
    } finally {
      await redis.server.restart();
    }
    const connection = await redis.connect({ namespace });
    await connection.waitUntilReady(10_000);
    await expect
      .poll(async () => (await receive(instanceB, "msg_redis_during")).outcome, {
        timeout: 10_000,
        interval: 200,
      })
      .toBe("recorded");
    expect((await receive(instanceA, "msg_redis_during")).outcome).toBe("duplicate");
    await instanceA.close();
    await instanceB.close();
  });
});
