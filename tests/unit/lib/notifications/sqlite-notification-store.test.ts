import { existsSync } from "node:fs";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { parseAlloEvent } from "@/lib/notifications/allo-event.server";
import type {
  NewEvent,
  NewNotification,
  NotificationStore,
} from "@/lib/notifications/store/notification-store";
import { MIGRATIONS, migrate } from "@/lib/notifications/store/sqlite-migrations.server";
import {
  databasePath,
  DEDUPE_RETENTION_MS,
  openSqliteNotificationStore,
} from "@/lib/notifications/store/sqlite-notification-store.server";
import { tempDir } from "@/tests/support/notification-fixtures";

const T0 = Date.UTC(2026, 10, 24, 8, 0, 0);
const HOUR = 3_600_000;
const LEASE = 60_000;

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

function openStore(dir?: string): { store: NotificationStore; dir: string } {
  let target = dir;
  if (!target) {
    const temp = tempDir();
    cleanups.push(temp.remove);
    target = path.join(temp.dir, "nested", "data");
  }
  const store = openSqliteNotificationStore({ dataDir: target });
  cleanups.push(() => store.close());
  return { store, dir: target };
}

function event(overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    webhookId: "msg_1",
    dedupeKeys: ["webhook-id:msg_1"],
    topic: "call.completed",
    itemId: "cll-demo-missed",
    tags: [],
    eventTimestampMs: T0,
    receivedAtMs: T0,
    ...overrides,
  };
}

function notification(overrides: Partial<NewNotification> = {}): NewNotification {
  return {
    id: `ntf_${Math.random().toString(36).slice(2, 12).padEnd(20, "a")}`,
    itemId: "cll-demo-missed",
    ruleId: "missed-or-voicemail",
    destinationId: "slack",
    destinationKind: "slack",
    destinationLabel: "Slack",
    topic: "call.completed",
    reason: { kind: "result", text: "Missed call" },
    momentSeconds: null,
    link: "https://cv.example.com/items/cll-demo-missed?n=x",
    payload: { text: "Missed call: Sam Carter", blocks: [] },
    createdAtMs: T0,
    isTest: false,
    ...overrides,
  };
}

async function finishWith(store: NotificationStore, list: NewNotification[], nowMs = T0) {
  const [claimed] = await store.claimDueEvents({ nowMs, limit: 1, leaseMs: LEASE, owner: "a" });
  if (!claimed) throw new Error("nothing to claim");
  return store.finishEvent(claimed.id, { verdict: "notified", notifications: list, nowMs });
}

describe("SQLite notification store", () => {
  it("creates the data directory and the file, in WAL mode, with the migrations recorded", async () => {
    const { dir } = openStore();
    expect(existsSync(databasePath(dir))).toBe(true);
    const db = new BetterSqlite3(databasePath(dir), { readonly: true });
    try {
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(db.prepare("SELECT version FROM schema_migrations").all()).toEqual([{ version: 1 }]);
    } finally {
      db.close();
    }
  });

  it("refuses a file from a newer schema", () => {
    const db = new BetterSqlite3(":memory:");
    migrate(db, [...MIGRATIONS, { version: 99, name: "future", sql: "CREATE TABLE future (x)" }]);
    expect(() => migrate(db)).toThrow(/schema version 99/);
    db.close();
  });

  it("records the same delivery five times as one event", async () => {
    const { store } = openStore();
    const outcomes = [];
    for (let i = 0; i < 5; i++) outcomes.push(await store.recordEvent(event({ receivedAtMs: T0 + i })));
    expect(outcomes).toEqual(["recorded", "duplicate", "duplicate", "duplicate", "duplicate"]);
    expect(
      await store.claimDueEvents({ nowMs: T0 + 10, limit: 10, leaseMs: LEASE, owner: "a" }),
    ).toHaveLength(1);
  });

  it("dedupes tag events on their meaning when Allo resends them under new webhook ids", async () => {
    const { store } = openStore();
    const payload = {
      topic: "tag.added",
      timestamp: "2026-11-24T08:00:00.123456Z",
      data: { call_id: "cll-demo-billing", tag: "urgent" },
    };
    const results = [];
    for (const id of ["msg_a", "msg_b"]) {
      const parsed = parseAlloEvent(payload, id);
      if (!parsed.ok) throw new Error(parsed.error);
      results.push(await store.recordEvent({ ...parsed.event, receivedAtMs: T0 }));
    }
    expect(results).toEqual(["recorded", "duplicate"]);
    // Nothing of the duplicate was written: its own webhook id is still new.
    const again = parseAlloEvent({ ...payload, timestamp: "2026-11-24T08:05:00Z" }, "msg_b");
    if (!again.ok) throw new Error(again.error);
    expect(await store.recordEvent({ ...again.event, receivedAtMs: T0 })).toBe("recorded");
  });

  it("fires a rule once per (item, rule, destination), whatever the events", async () => {
    const { store } = openStore();
    await store.recordEvent(event());
    await store.recordEvent(
      event({ webhookId: "msg_2", dedupeKeys: ["webhook-id:msg_2"], topic: "tag.added" }),
    );
    const first = await finishWith(store, [
      notification(),
      notification({ destinationId: "webhook", destinationKind: "webhook" }),
    ]);
    const second = await finishWith(store, [notification(), notification({ ruleId: "tagged-urgent" })]);
    expect(first.inserted).toBe(2);
    expect(second.inserted).toBe(1);
    expect(await store.listRecentNotifications(10)).toHaveLength(3);
    // Test notifications are exempt.
    expect((await store.addNotifications([notification({ ruleId: "test", isTest: true })])).inserted).toBe(1);
    expect((await store.addNotifications([notification({ ruleId: "test", isTest: true })])).inserted).toBe(1);
  });

  it("leases: owner B gets an event only after A's lease expired", async () => {
    const { store } = openStore();
    await store.recordEvent(event());
    expect(await store.claimDueEvents({ nowMs: T0, limit: 10, leaseMs: LEASE, owner: "a" })).toHaveLength(1);
    expect(
      await store.claimDueEvents({ nowMs: T0 + LEASE - 1, limit: 10, leaseMs: LEASE, owner: "b" }),
    ).toEqual([]);
    const [retaken] = await store.claimDueEvents({
      nowMs: T0 + LEASE,
      limit: 10,
      leaseMs: LEASE,
      owner: "b",
    });
    expect(retaken).toMatchObject({ webhookId: "msg_1", attempts: 2 });
  });

  it("deferred events come back at their time, with their note", async () => {
    const { store } = openStore();
    await store.recordEvent(event());
    const [claimed] = await store.claimDueEvents({ nowMs: T0, limit: 10, leaseMs: LEASE, owner: "a" });
    await store.deferEvent(claimed!.id, { untilMs: T0 + 5_000, note: "summary-pending" });
    expect(await store.claimDueEvents({ nowMs: T0 + 4_999, limit: 10, leaseMs: LEASE, owner: "a" })).toEqual(
      [],
    );
    const [back] = await store.claimDueEvents({ nowMs: T0 + 5_000, limit: 10, leaseMs: LEASE, owner: "a" });
    expect(back).toMatchObject({ note: "summary-pending", attempts: 2 });
  });

  it("deliveries: claim with a lease, record attempts, finish", async () => {
    const { store } = openStore();
    await store.recordEvent(event());
    const n = notification();
    await finishWith(store, [n]);
    const [claimed] = await store.claimDueDeliveries({ nowMs: T0, limit: 10, leaseMs: LEASE, owner: "a" });
    expect(claimed).toMatchObject({ id: n.id, destinationId: "slack", attempts: 0, payload: n.payload });
    expect(await store.claimDueDeliveries({ nowMs: T0 + 1, limit: 10, leaseMs: LEASE, owner: "b" })).toEqual(
      [],
    );

    await store.recordDeliveryAttempt(
      n.id,
      { kind: "retry", httpStatus: 500, retryAfterMs: null, error: "hooks.slack.com: HTTP 500" },
      { nowMs: T0 + 100, nextAttemptAtMs: T0 + 2_000 },
    );
    expect(
      await store.claimDueDeliveries({ nowMs: T0 + 1_999, limit: 10, leaseMs: LEASE, owner: "b" }),
    ).toEqual([]);
    const [again] = await store.claimDueDeliveries({
      nowMs: T0 + 2_000,
      limit: 10,
      leaseMs: LEASE,
      owner: "b",
    });
    expect(again?.attempts).toBe(1);
    await store.recordDeliveryAttempt(n.id, { kind: "delivered", httpStatus: 200 }, { nowMs: T0 + 2_100 });

    expect(await store.getNotification(n.id)).toEqual({
      id: n.id,
      itemId: "cll-demo-missed",
      ruleId: "missed-or-voicemail",
      destinationKind: "slack",
      destinationLabel: "Slack",
      reason: { kind: "result", text: "Missed call" },
      momentSeconds: null,
      status: "delivered",
      createdAtMs: T0,
      deliveredAtMs: T0 + 2_100,
      isTest: false,
    });
    const [entry] = await store.listRecentNotifications(10);
    expect(entry).toMatchObject({ attempts: 2, lastHttpStatus: 200, lastError: null, nextAttemptAtMs: null });
    // A late report from a process whose lease had expired changes nothing.
    await store.recordDeliveryAttempt(
      n.id,
      { kind: "failed", httpStatus: 404, error: "x" },
      { nowMs: T0 + 3_000 },
    );
    expect((await store.getNotification(n.id))?.status).toBe("delivered");
  });

  it("a retry needs its next attempt time", async () => {
    const { store } = openStore();
    await expect(
      store.recordDeliveryAttempt(
        "ntf_x",
        { kind: "retry", httpStatus: null, retryAfterMs: null, error: "e" },
        { nowMs: T0 },
      ),
    ).rejects.toThrow(/nextAttemptAtMs/);
  });

  it("the preview destination keeps the rendered message for the operator page", async () => {
    const { store } = openStore();
    const n = notification({
      destinationId: "preview",
      destinationKind: "preview",
      destinationLabel: "Preview (not sent)",
    });
    await store.addNotifications([n]);
    await store.claimDueDeliveries({ nowMs: T0, limit: 10, leaseMs: LEASE, owner: "a" });
    await store.recordDeliveryAttempt(n.id, { kind: "previewed" }, { nowMs: T0 });
    const [entry] = await store.listRecentNotifications(10);
    expect(entry).toMatchObject({ status: "previewed", preview: n.payload, deliveredAtMs: T0 });
  });

  it("paces a destination and pauses it after a 429", async () => {
    const { store } = openStore();
    expect(await store.reserveDestinationSlot("slack", T0, 1_000)).toBe(0);
    expect(await store.reserveDestinationSlot("slack", T0 + 400, 1_000)).toBe(600);
    expect(await store.reserveDestinationSlot("webhook", T0 + 400, 0)).toBe(0);
    expect(await store.reserveDestinationSlot("slack", T0 + 1_000, 1_000)).toBe(0);
    await store.pauseDestination("slack", T0 + 30_000);
    await store.pauseDestination("slack", T0 + 10_000); // never shortens a pause
    expect(await store.reserveDestinationSlot("slack", T0 + 20_000, 1_000)).toBe(10_000);
    expect(await store.reserveDestinationSlot("slack", T0 + 30_000, 1_000)).toBe(0);
  });

  it("postponing gives a delivery back without counting an attempt", async () => {
    const { store } = openStore();
    const n = notification();
    await store.addNotifications([n]);
    await store.claimDueDeliveries({ nowMs: T0, limit: 10, leaseMs: LEASE, owner: "a" });
    await store.postponeDelivery(n.id, T0 + 700);
    const [claimed] = await store.claimDueDeliveries({
      nowMs: T0 + 700,
      limit: 10,
      leaseMs: LEASE,
      owner: "a",
    });
    expect(claimed?.attempts).toBe(0);
  });

  it("prunes dedupe keys after 48 h, and not before", async () => {
    const { store } = openStore();
    await store.recordEvent(event());
    await finishWith(store, []);
    expect((await store.prune(T0 + DEDUPE_RETENTION_MS - 1)).dedupeKeys).toBe(0);
    expect(await store.recordEvent(event())).toBe("duplicate");
    expect(await store.prune(T0 + DEDUPE_RETENTION_MS)).toEqual({
      dedupeKeys: 1,
      events: 1,
      notifications: 0,
    });
    expect(await store.recordEvent(event({ receivedAtMs: T0 + 49 * HOUR }))).toBe("recorded");
  });

  it("loses nothing when the file is closed and opened again", async () => {
    const first = openStore();
    await first.store.recordEvent(event());
    await first.store.recordEvent(event({ webhookId: "msg_2", dedupeKeys: ["webhook-id:msg_2"] }));
    const n = notification();
    await finishWith(first.store, [n]);
    await first.store.pauseDestination("slack", T0 + 9_000);
    await first.store.close();

    const second = openStore(first.dir);
    expect(await second.store.recordEvent(event())).toBe("duplicate");
    expect(
      await second.store.claimDueEvents({ nowMs: T0, limit: 10, leaseMs: LEASE, owner: "b" }),
    ).toHaveLength(1);
    expect((await second.store.getNotification(n.id))?.status).toBe("pending");
    expect(await second.store.reserveDestinationSlot("slack", T0, 1_000)).toBe(9_000);
  });
});
