/**
 * The Redis notification store against a real redis-server (tests/support/redis-server.ts):
 * the shared contract, then what only a shared store has: key layout, reconnects, several
 * instances on one Redis, and outages. No timed assertions: waits are bounded and fail with a
 * message, and outcomes are counted.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { NotificationStore } from "@/lib/notifications/store/notification-store";
import {
  DEDUPE_RETENTION_MS,
  EVENT_RETENTION_MS,
  NOTIFICATION_RETENTION_MS,
  openRedisNotificationStore,
} from "@/lib/notifications/store/redis-notification-store.server";
import { RedisUnavailableError, type CallviewRedis } from "@/lib/server/redis/redis-client.server";
import { testRedis } from "@/tests/support/redis-fixtures";
import * as contract from "./notification-store.contract";
import { describeNotificationStore, event, LEASE, notification, T0 } from "./notification-store.contract";

const redis = testRedis();
beforeAll(redis.start);
afterAll(redis.stop);

describeNotificationStore("Redis", () => redis.openStore());

/** Rejects with a clear message if `promise` has not settled in time: a hang fails the test. */
function settlesWithin<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms: it hangs`)), ms);
  });
  return Promise.race([promise, hang]).finally(() => clearTimeout(timer));
}

async function keysOf(connection: CallviewRedis, pattern = "*"): Promise<string[]> {
  const found: string[] = [];
  for await (const batch of connection.client.scanIterator({ MATCH: pattern, COUNT: 1_000 })) {
    found.push(...batch);
  }
  return found.sort();
}

describe("Redis notification store", () => {
  const stores: NotificationStore[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0).reverse()) await store.close();
  });
  /** A store on its own connection: one Callview instance. */
  async function instance(namespace: string) {
    const connection = await redis.connect({ namespace });
    const store = openRedisNotificationStore({ redis: connection, ownsConnection: true });
    stores.push(store);
    return { connection, store };
  }

  it("keeps the retention the contract tests assume", () => {
    expect(DEDUPE_RETENTION_MS).toBe(contract.DEDUPE_RETENTION_MS);
    expect(EVENT_RETENTION_MS).toBe(contract.DEDUPE_RETENTION_MS);
    expect(NOTIFICATION_RETENTION_MS).toBe(contract.NOTIFICATION_RETENTION_MS);
  });

  it("writes only under its namespace, with a real 48 h TTL on dedupe keys", async () => {
    const namespace = redis.namespace();
    const { connection, store } = await instance(namespace);
    const other = await instance(redis.namespace());
    await store.recordEvent(event());
    const [claimed] = await store.claimDueEvents({ nowMs: T0, limit: 1, leaseMs: LEASE, owner: "a" });
    const n = notification();
    await store.finishEvent(claimed!.id, { verdict: "notified", notifications: [n], nowMs: T0 });
    await store.reserveDestinationSlot("slack", T0, 1_000);
    // Another deployment on the same Redis sees none of it.
    expect(await other.store.recordEvent(event())).toBe("recorded");
    expect(await other.store.getNotification(n.id)).toBeNull();

    const prefix = `callview:${namespace}:notify:`;
    expect(await keysOf(connection, `callview:${namespace}:*`)).toEqual(
      [
        "dedupe-expiry",
        "dedupe:webhook-id:msg_1",
        "deliveries:due",
        "destination:slack",
        "event-seq",
        "event:1",
        "events:done",
        "notification-seq",
        `notification:${n.id}`,
        "once",
        "recent",
      ]
        .map((name) => prefix + name)
        .sort(),
    );
    const ttl = await connection.client.pTTL(`${prefix}dedupe:webhook-id:msg_1`);
    expect(ttl).toBeGreaterThan(DEDUPE_RETENTION_MS - 60_000);
    expect(ttl).toBeLessThanOrEqual(DEDUPE_RETENTION_MS);
    // The payload is stored as the exact JSON text, not re-encoded.
    expect(await connection.client.hGet(`${prefix}notification:${n.id}`, "payload")).toBe(
      JSON.stringify(n.payload),
    );
  });

  it("a duplicate on any one key writes nothing at all", async () => {
    const namespace = redis.namespace();
    const { connection, store } = await instance(namespace);
    await store.recordEvent(event({ dedupeKeys: ["webhook-id:msg_1", "tag:shared"] }));
    const before = await keysOf(connection, `callview:${namespace}:*`);
    const seq = await connection.client.get(`callview:${namespace}:notify:event-seq`);
    expect(
      await store.recordEvent(
        event({ webhookId: "msg_2", dedupeKeys: ["webhook-id:msg_2", "tag:shared", "webhook-id:msg_3"] }),
      ),
    ).toBe("duplicate");
    expect(await keysOf(connection, `callview:${namespace}:*`)).toEqual(before);
    expect(await connection.client.get(`callview:${namespace}:notify:event-seq`)).toBe(seq);
  });

  it("survives a client reconnect: the connection is killed, the store carries on", async () => {
    const namespace = redis.namespace();
    const { connection, store } = await instance(namespace);
    await store.recordEvent(event());
    const firstId = await connection.run("CLIENT ID", (client) => client.clientId());
    const admin = await redis.connect();
    await admin.run("CLIENT KILL", (client) => client.sendCommand(["CLIENT", "KILL", "ID", String(firstId)]));

    // It reconnects by itself (bounded wait), on a new server-side connection.
    await vi.waitFor(
      async () => {
        const id = await connection.run("CLIENT ID", (client) => client.clientId());
        expect(id).not.toBe(firstId);
      },
      { timeout: 5_000, interval: 20 },
    );
    expect(await store.recordEvent(event())).toBe("duplicate");
    expect(await store.claimDueEvents({ nowMs: T0, limit: 10, leaseMs: LEASE, owner: "a" })).toHaveLength(1);
    await admin.close();
  });

  it("a new connection (a restarted process) finds everything the old one wrote", async () => {
    const namespace = redis.namespace();
    const first = await instance(namespace);
    await first.store.recordEvent(event());
    await first.store.recordEvent(event({ webhookId: "msg_2", dedupeKeys: ["webhook-id:msg_2"] }));
    const [claimed] = await first.store.claimDueEvents({ nowMs: T0, limit: 1, leaseMs: LEASE, owner: "a" });
    const n = notification();
    await first.store.finishEvent(claimed!.id, { verdict: "notified", notifications: [n], nowMs: T0 });
    await first.store.pauseDestination("slack", T0 + 9_000);
    await first.store.close();

    const second = await instance(namespace);
    expect(await second.store.recordEvent(event())).toBe("duplicate");
    expect(
      await second.store.claimDueEvents({ nowMs: T0, limit: 10, leaseMs: LEASE, owner: "b" }),
    ).toHaveLength(1);
    expect((await second.store.getNotification(n.id))?.status).toBe("pending");
    expect(await second.store.reserveDestinationSlot("slack", T0, 1_000)).toBe(9_000);
  });

  describe("two instances (two clients) on one Redis", () => {
    it("the same webhook recorded through A, then B, is a duplicate; at once, exactly one records it", async () => {
      const namespace = redis.namespace();
      const a = await instance(namespace);
      const b = await instance(namespace);
      expect(await a.store.recordEvent(event())).toBe("recorded");
      expect(await b.store.recordEvent(event())).toBe("duplicate");

      const racing = event({ webhookId: "msg_race", dedupeKeys: ["webhook-id:msg_race"] });
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).store.recordEvent(racing)),
      );
      expect(outcomes.filter((outcome) => outcome === "recorded")).toHaveLength(1);
      expect(await b.store.claimDueEvents({ nowMs: T0, limit: 50, leaseMs: LEASE, owner: "b" })).toHaveLength(
        2,
      );
    });

    it("a delivery claimed by A whose lease expired is claimed by B, and A's late report changes nothing", async () => {
      const namespace = redis.namespace();
      const a = await instance(namespace);
      const b = await instance(namespace);
      const n = notification();
      await a.store.addNotifications([n]);
      expect(
        await a.store.claimDueDeliveries({ nowMs: T0, limit: 10, leaseMs: LEASE, owner: "a" }),
      ).toHaveLength(1);
      expect(
        await b.store.claimDueDeliveries({ nowMs: T0 + LEASE - 1, limit: 10, leaseMs: LEASE, owner: "b" }),
      ).toEqual([]);
      const [retaken] = await b.store.claimDueDeliveries({
        nowMs: T0 + LEASE,
        limit: 10,
        leaseMs: LEASE,
        owner: "b",
      });
      expect(retaken).toMatchObject({ id: n.id, attempts: 0, payload: n.payload });
      await b.store.recordDeliveryAttempt(
        n.id,
        { kind: "delivered", httpStatus: 200 },
        { nowMs: T0 + LEASE },
      );
      await a.store.recordDeliveryAttempt(
        n.id,
        { kind: "failed", httpStatus: 500, error: "late" },
        { nowMs: T0 + LEASE + 1 },
      );
      expect(await a.store.getNotification(n.id)).toMatchObject({
        status: "delivered",
        deliveredAtMs: T0 + LEASE,
      });
    });

    it("claims made at the same moment never hand one delivery to both", async () => {
      const namespace = redis.namespace();
      const a = await instance(namespace);
      const b = await instance(namespace);
      const list = Array.from({ length: 30 }, (_, i) => notification({ id: `ntf_race_${i}`, isTest: true }));
      await a.store.addNotifications(list);
      const claims = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          (i % 2 === 0 ? a : b).store.claimDueDeliveries({
            nowMs: T0,
            limit: 7,
            leaseMs: LEASE,
            owner: `p${i}`,
          }),
        ),
      );
      const ids = claims.flat().map((delivery) => delivery.id);
      expect(ids).toHaveLength(30);
      expect(new Set(ids).size).toBe(30);
    });

    it("pacing is shared: one send slot per interval across both", async () => {
      const namespace = redis.namespace();
      const a = await instance(namespace);
      const b = await instance(namespace);
      expect(await a.store.reserveDestinationSlot("slack", T0, 1_000)).toBe(0);
      expect(await b.store.reserveDestinationSlot("slack", T0 + 400, 1_000)).toBe(600);
      await b.store.pauseDestination("slack", T0 + 30_000);
      expect(await a.store.reserveDestinationSlot("slack", T0 + 20_000, 1_000)).toBe(10_000);

      const waits = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 === 0 ? a : b).store.reserveDestinationSlot("slack", T0 + 30_000, 1_000),
        ),
      );
      expect(waits.filter((wait) => wait === 0)).toHaveLength(1);
      expect(waits.filter((wait) => wait === 1_000)).toHaveLength(19);
    });
  });
});

describe("Redis notification store during an outage", () => {
  // Its own Redis, persisted (AOF, fsync always) like production, so a crash and a restart show
  // what survives.
  const durable = testRedis({ persistence: "aof" });
  beforeAll(durable.start);
  afterAll(durable.stop);

  it("Redis killed: recordEvent rejects at once and writes nothing; restarted: the same client recovers", async () => {
    const connection = await durable.connect({ namespace: durable.namespace() });
    const store = openRedisNotificationStore({ redis: connection, ownsConnection: true });
    try {
      expect(await store.recordEvent(event())).toBe("recorded");
      expect(await connection.checkHealth()).toMatchObject({ ok: true });

      await durable.server.kill();
      const second = event({ webhookId: "msg_2", dedupeKeys: ["webhook-id:msg_2"] });
      const failure = await settlesWithin(
        store.recordEvent(second).then(
          () => null,
          (error: unknown) => error,
        ),
        5_000,
        "recordEvent with Redis down",
      );
      expect(failure).toBeInstanceOf(RedisUnavailableError);
      await expect(
        settlesWithin(
          store.claimDueDeliveries({ nowMs: T0, limit: 10, leaseMs: LEASE, owner: "a" }),
          5_000,
          "claimDueDeliveries with Redis down",
        ),
      ).rejects.toBeInstanceOf(RedisUnavailableError);
      expect(await settlesWithin(connection.checkHealth(), 5_000, "checkHealth")).toMatchObject({
        ok: false,
      });

      await durable.server.restart();
      await connection.waitUntilReady(10_000);
      expect(await connection.checkHealth()).toMatchObject({ ok: true });
      // What was acknowledged survived; what was refused left no trace.
      expect(await store.recordEvent(event())).toBe("duplicate");
      expect(await store.recordEvent(second)).toBe("recorded");
      const claimed = await store.claimDueEvents({ nowMs: T0, limit: 10, leaseMs: LEASE, owner: "a" });
      expect(claimed.map((e) => e.webhookId)).toEqual(["msg_1", "msg_2"]);
    } finally {
      await store.close();
    }
  });

  it("a command Redis does not answer fails after the command timeout; the retry is then safe", async () => {
    const connection = await durable.connect({ namespace: durable.namespace(), commandTimeoutMs: 300 });
    const admin = await durable.connect();
    const store = openRedisNotificationStore({ redis: connection, ownsConnection: true });
    try {
      // Every write waits (the connection stays up, nothing answers) for far longer than 300 ms.
      await admin.run("CLIENT PAUSE", (client) => client.sendCommand(["CLIENT", "PAUSE", "20000", "WRITE"]));
      const failure = await settlesWithin(
        store.recordEvent(event()).then(
          () => null,
          (error: unknown) => error,
        ),
        5_000,
        "recordEvent against a paused Redis",
      );
      expect(failure).toBeInstanceOf(RedisUnavailableError);
      expect(String(failure)).toMatch(/no answer within 300 ms/);
      await admin.run("CLIENT UNPAUSE", (client) => client.sendCommand(["CLIENT", "UNPAUSE"]));

      // The unanswered script ran once Redis resumed: Allo's retry (after our 503) is a
      // duplicate, never a second event.
      await vi.waitFor(async () => expect(await store.recordEvent(event())).toBe("duplicate"), {
        timeout: 5_000,
        interval: 20,
      });
      expect(await store.claimDueEvents({ nowMs: T0, limit: 10, leaseMs: LEASE, owner: "a" })).toHaveLength(
        1,
      );
    } finally {
      await admin
        .run("CLIENT UNPAUSE", (client) => client.sendCommand(["CLIENT", "UNPAUSE"]))
        .catch(() => {});
      await store.close();
    }
  });
});
