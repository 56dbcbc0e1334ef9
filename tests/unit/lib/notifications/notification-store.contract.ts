/**
 * The notification store's contract as tests: every implementation of
 * lib/notifications/store/notification-store.ts runs this same suite
 * (sqlite-notification-store.test.ts, redis-notification-store.test.ts). What only one engine
 * has (WAL, migrations, reconnects, several instances) is tested in that engine's file.
 */
import { afterEach, describe, expect, it } from "vitest";
import { parseAlloEvent } from "@/lib/notifications/allo-event.server";
import type {
  NewEvent,
  NewNotification,
  NotificationStore,
} from "@/lib/notifications/store/notification-store";

export const T0 = Date.UTC(2026, 10, 24, 8, 0, 0);
export const HOUR = 3_600_000;
export const LEASE = 60_000;
/** The retention every store keeps (the SQLite and Redis modules export the same values). */
export const DEDUPE_RETENTION_MS = 48 * HOUR;
export const NOTIFICATION_RETENTION_MS = 30 * 24 * HOUR;

export function event(overrides: Partial<NewEvent> = {}): NewEvent {
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

export function notification(overrides: Partial<NewNotification> = {}): NewNotification {
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

export async function finishWith(store: NotificationStore, list: NewNotification[], nowMs = T0) {
  const [claimed] = await store.claimDueEvents({ nowMs, limit: 1, leaseMs: LEASE, owner: "a" });
  if (!claimed) throw new Error("nothing to claim");
  return store.finishEvent(claimed.id, { verdict: "notified", notifications: list, nowMs });
}

/** Opens a fresh, empty store; the suite closes it after each test. */
export type OpenStore = () => Promise<NotificationStore>;

export function describeNotificationStore(name: string, open: OpenStore): void {
  describe(`${name} notification store: the contract`, () => {
    let opened: NotificationStore[] = [];
    afterEach(async () => {
      for (const store of opened.reverse()) await store.close();
      opened = [];
    });
    async function openStore(): Promise<{ store: NotificationStore }> {
      const store = await open();
      opened.push(store);
      return { store };
    }

    it("records the same delivery five times as one event", async () => {
      const { store } = await openStore();
      const outcomes = [];
      for (let i = 0; i < 5; i++) outcomes.push(await store.recordEvent(event({ receivedAtMs: T0 + i })));
      expect(outcomes).toEqual(["recorded", "duplicate", "duplicate", "duplicate", "duplicate"]);
      expect(
        await store.claimDueEvents({ nowMs: T0 + 10, limit: 10, leaseMs: LEASE, owner: "a" }),
      ).toHaveLength(1);
    });

    it("dedupes tag events on their meaning when Allo resends them under new webhook ids", async () => {
      const { store } = await openStore();
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

    it("a recorded event comes back as it was recorded", async () => {
      const { store } = await openStore();
      await store.recordEvent(
        event({ tags: ["urgent", "billing"], eventTimestampMs: T0 - 1_234, receivedAtMs: T0 + 5 }),
      );
      await store.recordEvent(
        event({
          webhookId: "msg_2",
          dedupeKeys: ["webhook-id:msg_2"],
          itemId: null,
          eventTimestampMs: null,
        }),
      );
      const claimed = await store.claimDueEvents({ nowMs: T0 + 5, limit: 10, leaseMs: LEASE, owner: "a" });
      expect(claimed.map(({ id: _id, ...rest }) => rest)).toEqual([
        {
          webhookId: "msg_1",
          topic: "call.completed",
          itemId: "cll-demo-missed",
          tags: ["urgent", "billing"],
          eventTimestampMs: T0 - 1_234,
          receivedAtMs: T0 + 5,
          attempts: 1,
          note: null,
        },
        {
          webhookId: "msg_2",
          topic: "call.completed",
          itemId: null,
          tags: [],
          eventTimestampMs: null,
          receivedAtMs: T0,
          attempts: 1,
          note: null,
        },
      ]);
      expect(claimed[0]!.id).toBeLessThan(claimed[1]!.id);
    });

    it("fires a rule once per (item, rule, destination), whatever the events", async () => {
      const { store } = await openStore();
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
      expect((await store.addNotifications([notification({ ruleId: "test", isTest: true })])).inserted).toBe(
        1,
      );
      expect((await store.addNotifications([notification({ ruleId: "test", isTest: true })])).inserted).toBe(
        1,
      );
    });

    it("a notification id is stored once, and a finished event is never claimed again", async () => {
      const { store } = await openStore();
      const n = notification({ isTest: true });
      expect((await store.addNotifications([n])).inserted).toBe(1);
      expect((await store.addNotifications([{ ...n, ruleId: "other" }])).inserted).toBe(0);
      await store.recordEvent(event());
      await finishWith(store, []);
      expect(
        await store.claimDueEvents({ nowMs: T0 + 10 * LEASE, limit: 10, leaseMs: LEASE, owner: "b" }),
      ).toEqual([]);
    });

    it("leases: owner B gets an event only after A's lease expired", async () => {
      const { store } = await openStore();
      await store.recordEvent(event());
      expect(await store.claimDueEvents({ nowMs: T0, limit: 10, leaseMs: LEASE, owner: "a" })).toHaveLength(
        1,
      );
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
      const { store } = await openStore();
      await store.recordEvent(event());
      const [claimed] = await store.claimDueEvents({ nowMs: T0, limit: 10, leaseMs: LEASE, owner: "a" });
      await store.deferEvent(claimed!.id, { untilMs: T0 + 5_000, note: "summary-pending" });
      expect(
        await store.claimDueEvents({ nowMs: T0 + 4_999, limit: 10, leaseMs: LEASE, owner: "a" }),
      ).toEqual([]);
      const [back] = await store.claimDueEvents({
        nowMs: T0 + 5_000,
        limit: 10,
        leaseMs: LEASE,
        owner: "a",
      });
      expect(back).toMatchObject({ note: "summary-pending", attempts: 2 });
    });

    it("deliveries: claim with a lease, record attempts, finish", async () => {
      const { store } = await openStore();
      await store.recordEvent(event());
      const n = notification();
      await finishWith(store, [n]);
      const [claimed] = await store.claimDueDeliveries({ nowMs: T0, limit: 10, leaseMs: LEASE, owner: "a" });
      expect(claimed).toMatchObject({ id: n.id, destinationId: "slack", attempts: 0, payload: n.payload });
      expect(
        await store.claimDueDeliveries({ nowMs: T0 + 1, limit: 10, leaseMs: LEASE, owner: "b" }),
      ).toEqual([]);

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
      expect(entry).toMatchObject({
        attempts: 2,
        lastHttpStatus: 200,
        lastError: null,
        nextAttemptAtMs: null,
      });
      // A late report from a process whose lease had expired changes nothing.
      await store.recordDeliveryAttempt(
        n.id,
        { kind: "failed", httpStatus: 404, error: "x" },
        { nowMs: T0 + 3_000 },
      );
      expect((await store.getNotification(n.id))?.status).toBe("delivered");
      // Delivered is final: nothing to claim, ever.
      expect(
        await store.claimDueDeliveries({ nowMs: T0 + 10 * LEASE, limit: 10, leaseMs: LEASE, owner: "b" }),
      ).toEqual([]);
    });

    it("the list shows every field of a retrying and of a failed delivery", async () => {
      const { store } = await openStore();
      const retrying = notification({ momentSeconds: 63.5, topic: "tag.added" });
      const failed = notification({
        destinationId: "webhook",
        destinationKind: "webhook",
        destinationLabel: "Webhook",
        createdAtMs: T0 + 1,
      });
      await store.addNotifications([retrying, failed]);
      await store.claimDueDeliveries({ nowMs: T0 + 1, limit: 10, leaseMs: LEASE, owner: "a" });
      await store.recordDeliveryAttempt(
        retrying.id,
        {
          kind: "retry",
          httpStatus: null,
          retryAfterMs: null,
          error: "hooks.slack.com: no answer within 5 s",
        },
        { nowMs: T0 + 10, nextAttemptAtMs: T0 + 760 },
      );
      await store.recordDeliveryAttempt(
        failed.id,
        { kind: "failed", httpStatus: 404, error: "hooks.example.com: HTTP 404" },
        { nowMs: T0 + 20 },
      );
      expect(await store.listRecentNotifications(10)).toEqual([
        {
          id: failed.id,
          itemId: "cll-demo-missed",
          ruleId: "missed-or-voicemail",
          destinationKind: "webhook",
          destinationLabel: "Webhook",
          reason: { kind: "result", text: "Missed call" },
          momentSeconds: null,
          status: "failed",
          createdAtMs: T0 + 1,
          deliveredAtMs: null,
          isTest: false,
          topic: "call.completed",
          destinationId: "webhook",
          link: failed.link,
          attempts: 1,
          nextAttemptAtMs: null,
          lastHttpStatus: 404,
          lastError: "hooks.example.com: HTTP 404",
          preview: null,
        },
        {
          id: retrying.id,
          itemId: "cll-demo-missed",
          ruleId: "missed-or-voicemail",
          destinationKind: "slack",
          destinationLabel: "Slack",
          reason: { kind: "result", text: "Missed call" },
          momentSeconds: 63.5,
          status: "retrying",
          createdAtMs: T0,
          deliveredAtMs: null,
          isTest: false,
          topic: "tag.added",
          destinationId: "slack",
          link: retrying.link,
          attempts: 1,
          nextAttemptAtMs: T0 + 760,
          lastHttpStatus: null,
          lastError: "hooks.slack.com: no answer within 5 s",
          preview: null,
        },
      ]);
      expect(await store.getNotification("ntf_unknown")).toBeNull();
    });

    it("a retry needs its next attempt time", async () => {
      const { store } = await openStore();
      await expect(
        store.recordDeliveryAttempt(
          "ntf_x",
          { kind: "retry", httpStatus: null, retryAfterMs: null, error: "e" },
          { nowMs: T0 },
        ),
      ).rejects.toThrow(/nextAttemptAtMs/);
    });

    it("the preview destination keeps the rendered message for the operator page", async () => {
      const { store } = await openStore();
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

    it("keeps the payload exactly as it was rendered", async () => {
      const { store } = await openStore();
      // What a lossy encoding would change: empty arrays and objects, big and fractional
      // numbers, nulls, escapes and non-ASCII text.
      const payload = {
        text: 'Missed call: Zoë "Z" O\'Brien, Ünïcødé & <Sons> — 📞\n',
        blocks: [],
        meta: {},
        nested: [[], [{}], [1, 2.5, -0.125, 1e21, 9007199254740991]],
        nothing: null,
        flag: false,
      };
      const n = notification({ payload, destinationKind: "preview", destinationId: "preview" });
      await store.addNotifications([n]);
      const [claimed] = await store.claimDueDeliveries({ nowMs: T0, limit: 10, leaseMs: LEASE, owner: "a" });
      expect(JSON.stringify(claimed?.payload)).toBe(JSON.stringify(payload));
      const [entry] = await store.listRecentNotifications(10);
      expect(JSON.stringify(entry?.preview)).toBe(JSON.stringify(payload));
    });

    it("claims deliveries oldest first, in insertion order, within the limit", async () => {
      const { store } = await openStore();
      const list = Array.from({ length: 12 }, (_, i) => notification({ id: `ntf_order_${i}`, isTest: true }));
      await store.addNotifications(list.slice(0, 6));
      await store.addNotifications(list.slice(6));
      const first = await store.claimDueDeliveries({ nowMs: T0, limit: 5, leaseMs: LEASE, owner: "a" });
      const rest = await store.claimDueDeliveries({ nowMs: T0, limit: 50, leaseMs: LEASE, owner: "b" });
      expect(first.map((d) => d.id)).toEqual(list.slice(0, 5).map((n) => n.id));
      expect(rest.map((d) => d.id)).toEqual(list.slice(5).map((n) => n.id));
      // Newest first for the operator page, same order among equal times.
      expect((await store.listRecentNotifications(3)).map((n) => n.id)).toEqual(
        list
          .slice(-3)
          .reverse()
          .map((n) => n.id),
      );
    });

    it("paces a destination and pauses it after a 429", async () => {
      const { store } = await openStore();
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
      const { store } = await openStore();
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
      const { store } = await openStore();
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

    it("prunes finished notifications after 30 days, keeps unfinished ones, and frees the rule", async () => {
      const { store } = await openStore();
      const delivered = notification();
      const pending = notification({ ruleId: "tagged-urgent" });
      await store.addNotifications([delivered, pending]);
      await store.claimDueDeliveries({ nowMs: T0, limit: 1, leaseMs: LEASE, owner: "a" });
      await store.recordDeliveryAttempt(delivered.id, { kind: "delivered", httpStatus: 200 }, { nowMs: T0 });

      expect((await store.prune(T0 + NOTIFICATION_RETENTION_MS - 1)).notifications).toBe(0);
      expect((await store.addNotifications([notification()])).inserted).toBe(0); // still once
      expect(await store.prune(T0 + NOTIFICATION_RETENTION_MS)).toEqual({
        dedupeKeys: 0,
        events: 0,
        notifications: 1,
      });
      expect(await store.getNotification(delivered.id)).toBeNull();
      expect((await store.getNotification(pending.id))?.status).toBe("pending");
      expect((await store.listRecentNotifications(10)).map((n) => n.id)).toEqual([pending.id]);
      // Gone with its row: a replay 30 days later may notify again, as in SQLite.
      expect((await store.addNotifications([notification()])).inserted).toBe(1);
      expect((await store.addNotifications([notification({ ruleId: "tagged-urgent" })])).inserted).toBe(0);
    });
  });
}
