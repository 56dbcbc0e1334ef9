/**
 * CALLVIEW_REDIS_URL wired through the route handlers, against a real redis-server and the fake
 * Allo over HTTP: the item route reads through the shared cache (one upstream call, the value in
 * Redis under its TTL), the webhook route records in the Redis store (no SQLite file), and with
 * Redis killed the webhook route answers 503 STORE_UNAVAILABLE with Retry-After while the item
 * route still answers from this process; with Redis back, Allo's retry is recorded.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeAlloServer, type FakeAlloServer } from "@/lib/allo/fake/http-server";
import type { CallviewRedis } from "@/lib/server/redis/redis-client.server";
import { SECRET_NEW } from "../support/notification-fixtures";
import { testRedis } from "../support/redis-fixtures";

const KEY = "ak_live_redis_wiring_test_31";
const redis = testRedis({ persistence: "aof" });
let fake: FakeAlloServer;
let dataDir: string;
let probe: CallviewRedis;
let webhooks: typeof import("@/app/api/webhooks/allo/route");
let items: typeof import("@/app/api/items/[id]/route");

beforeAll(async () => {
  await redis.start();
  fake = await startFakeAlloServer({ apiKey: KEY, summaryDelayMs: 0 });
  dataDir = mkdtempSync(path.join(tmpdir(), "callview-redis-wiring-"));
  Object.assign(process.env, {
    ALLO_API_KEY: KEY,
    ALLO_API_BASE_URL: fake.url,
    AUTH_MODE: "none",
    // As `npm start` would on this machine (AUTH_MODE=none beyond loopback needs the proxy's secret).
    HOSTNAME: "127.0.0.1",
    ALLO_WEBHOOK_SECRET: SECRET_NEW,
    CALLVIEW_DATA_DIR: dataDir,
    CALLVIEW_REDIS_URL: redis.server.url,
  });
  probe = await redis.connect();
  webhooks = await import("@/app/api/webhooks/allo/route");
  items = await import("@/app/api/items/[id]/route");
  // The process connects in the background (never blocking start-up); until then it serves
  // from its local fallbacks. Measure once it is connected.
  const { redisRuntime } = await import("@/lib/server/redis/redis-runtime.server");
  await redisRuntime()!.connection.waitUntilReady(10_000);
});

afterAll(async () => {
  const { stopNotifications } = await import("@/lib/server/notifications.server");
  const { stopRedis } = await import("@/lib/server/redis/redis-runtime.server");
  await stopNotifications();
  await stopRedis();
  await fake.close();
  await redis.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function delivery(id: string) {
  const body = JSON.stringify({ topic: "call.completed", version: "2.0", data: { id: "cll-demo-missed" } });
  const at = new Date();
  return {
    body,
    headers: {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
      "webhook-signature": new Webhook(SECRET_NEW).sign(id, at, body),
    },
  };
}

async function postWebhook(id: string) {
  const { body, headers } = delivery(id);
  const response = await webhooks.POST(
    new Request("http://127.0.0.1/api/webhooks/allo", { method: "POST", headers, body }),
    { params: Promise.resolve({}) },
  );
  return {
    status: response.status,
    retryAfter: response.headers.get("retry-after"),
    json: (await response.json()) as { outcome?: string; error?: { code: string } },
  };
}

async function getItem(id: string) {
  const response = await items.GET(new Request(`http://127.0.0.1/api/items/${id}`), {
    params: Promise.resolve({ id }),
  });
  return response.status;
}

describe("CALLVIEW_REDIS_URL through the route handlers", () => {
  it("shares the cache and the store through Redis, and answers webhooks 503 while it is down", async () => {
    expect(await getItem("cll-demo-billing")).toBe(200);
    expect(await getItem("cll-demo-billing")).toBe(200);
    expect(fake.fake.stats.byId["cll-demo-billing"]).toBe(1);
    expect(await probe.client.pTTL("callview:items:v1:cll-demo-billing")).toBeGreaterThan(0);

    expect((await postWebhook("msg_wiring_first")).json.outcome).toBe("recorded");
    expect(await probe.client.exists("callview:notify:dedupe:webhook-id:msg_wiring_first")).toBe(1);
    expect(existsSync(path.join(dataDir, "callview.sqlite"))).toBe(false);

    await redis.server.kill();
    try {
      const refused = await postWebhook("msg_wiring_during");
      expect(refused.status).toBe(503);
      expect(refused.json.error?.code).toBe("STORE_UNAVAILABLE");
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);
      // Lookups go on, from this process's own cache and share of the limit.
      expect(await getItem("cll-demo-voicemail")).toBe(200);
      expect(await getItem("cll-demo-voicemail")).toBe(200);
      expect(fake.fake.stats.byId["cll-demo-voicemail"]).toBe(1);
    } finally {
      await redis.server.restart();
    }
    await probe.waitUntilReady(10_000);
    await expect
      .poll(async () => (await postWebhook("msg_wiring_during")).json.outcome, {
        timeout: 10_000,
        interval: 200,
      })
      .toBe("recorded");
  });
});
