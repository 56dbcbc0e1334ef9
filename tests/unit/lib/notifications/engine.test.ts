/**
 * The engine end to end: signed webhooks into the receiver, the in-process fake Allo behind the
 * real client, a real store, and a fake Slack over real HTTP on loopback. Time is an injected
 * clock moved by hand; nothing asserts on wall-clock timing.
 *
 * The whole suite runs twice: on a SQLite file, and on a real Redis (tests/support/redis-server.ts),
 * where a restart is a new connection, as a new process would have.
 */
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { buildDemoWebhookRequests, DEMO_RULES } from "@/lib/notifications/demo-events.server";
import { destinationsFromEnv, type Destination } from "@/lib/notifications/destinations.server";
import { createNotificationEngine, type NotificationEngine } from "@/lib/notifications/engine.server";
import type { SlackMessage } from "@/lib/notifications/message.server";
import { receiveAlloWebhook } from "@/lib/notifications/receiver.server";
import { createItemCache } from "@/lib/server/item-cache.server";
import { DEFAULT_RULES, parseRules, type NotificationRule } from "@/lib/notifications/rules.server";
import type { NotificationListEntry, NotificationStore } from "@/lib/notifications/store/notification-store";
import { openSqliteNotificationStore } from "@/lib/notifications/store/sqlite-notification-store.server";
import { signWebhook, verifyAlloWebhook } from "@/lib/notifications/webhook-signature.server";
import {
  FAKE_SLACK_PATH,
  startFakeSlackServer,
  type FakeSlackServer,
} from "@/tests/support/fake-slack-server";
import {
  captureLogger,
  fakeAlloItems,
  manualClock,
  SECRET_NEW,
  SECRET_OLD,
  tempDir,
} from "@/tests/support/notification-fixtures";
import { testRedis } from "@/tests/support/redis-fixtures";

const T0 = Date.UTC(2026, 10, 24, 8, 0, 0);
const PUBLIC_URL = "https://callview.example.com";
const HOUR = 3_600_000;

const redis = testRedis();
beforeAll(redis.start);
afterAll(redis.stop);

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

type HarnessOptions = {
  rules?: readonly NotificationRule[];
  destinations?: "slack" | "slack+webhook" | "preview";
  summaryDelayMs?: number;
  deliveryTimeoutMs?: number;
  owner?: string;
  batchSize?: number;
  /** Put Callview's item cache in front of the fake, wired to the engine's invalidation as in production. */
  itemCache?: boolean;
};

/** Where one harness keeps its data; `open` is called again on a restart. */
type StoreBackend = {
  name: string;
  place(): { open(): Promise<NotificationStore>; remove(): void };
};

const SQLITE: StoreBackend = {
  name: "SQLite",
  place() {
    const temp = tempDir();
    const dataDir = path.join(temp.dir, "data");
    return { open: async () => openSqliteNotificationStore({ dataDir }), remove: temp.remove };
  },
};

const REDIS: StoreBackend = {
  name: "Redis",
  place() {
    const namespace = redis.namespace();
    return { open: () => redis.openStore({ namespace }), remove: () => {} };
  },
};

async function makeHarness(backend: StoreBackend, options: HarnessOptions = {}) {
  const clock = manualClock(T0);
  const slack = await startFakeSlackServer({ now: clock.now });
  cleanups.push(() => slack.close());
  const place = backend.place();
  cleanups.push(place.remove);
  const { fake, getItem: fetchItem } = fakeAlloItems({
    now: clock.now,
    summaryDelayMs: options.summaryDelayMs,
  });
  const cache = options.itemCache ? createItemCache((id) => fetchItem(id), { now: clock.now }) : null;
  const getItem = cache ? async (id: string) => (await cache.get(id)).result : fetchItem;
  const kind = options.destinations ?? "slack";
  const destinations: Destination[] = destinationsFromEnv({
    slackWebhookUrl: kind === "preview" ? null : slack.webhookUrl,
    genericWebhook: kind === "slack+webhook" ? { url: `${slack.origin}/generic`, secret: SECRET_OLD } : null,
  });
  const log = captureLogger();

  let store: NotificationStore = await place.open();
  let engine: NotificationEngine;
  const makeEngine = (owner: string) =>
    createNotificationEngine({
      store,
      getItem,
      invalidateItem: cache ? (id) => cache.invalidate(id) : undefined,
      rules: options.rules ?? DEFAULT_RULES,
      destinations,
      publicUrl: PUBLIC_URL,
      now: clock.now,
      random: () => 0.5,
      logger: log.logger,
      summaryWait: { maxMs: 60_000, pollMs: 5_000 },
      deliveryTimeoutMs: options.deliveryTimeoutMs ?? 2_000,
      batchSize: options.batchSize,
      owner,
    });
  engine = makeEngine(options.owner ?? "engine-a");
  cleanups.push(async () => {
    await engine.stop();
    await store.close();
  });

  let sequence = 0;
  async function webhook(
    topic: string,
    data: Record<string, unknown>,
    /** `store`: another instance's store (the load balancer sent it there). */
    opts: { id?: string; timestamp?: string; store?: NotificationStore } = {},
  ) {
    const body = JSON.stringify({
      topic,
      version: "2.0",
      timestamp: opts.timestamp ?? new Date(clock.now()).toISOString(),
      data,
    });
    const headers = signWebhook({
      id: opts.id ?? `msg_test${String(++sequence).padStart(16, "0")}`,
      timestampSeconds: Math.floor(clock.now() / 1000),
      body,
      secret: SECRET_NEW,
    });
    return receiveAlloWebhook({
      rawBody: body,
      headers,
      secrets: [SECRET_NEW],
      store: opts.store ?? store,
      logger: log.logger,
      nowMs: clock.now(),
    });
  }

  /** Simulates a process restart: a new store on the same data and a new engine. */
  async function restart(owner: string) {
    await engine.stop();
    await store.close();
    store = await place.open();
    engine = makeEngine(owner);
  }

  return {
    clock,
    slack,
    fake,
    getItem,
    log,
    webhook,
    restart,
    get store() {
      return store;
    },
    get engine() {
      return engine;
    },
    async list(): Promise<NotificationListEntry[]> {
      return store.listRecentNotifications(100);
    },
  };
}

type Harness = Awaited<ReturnType<typeof makeHarness>>;

function slackBodies(slack: FakeSlackServer): SlackMessage[] {
  return slack.requests.filter((r) => r.path === FAKE_SLACK_PATH).map((r) => r.body as SlackMessage);
}

function buttonUrl(message: SlackMessage): string {
  const actions = message.blocks.find((block) => block.type === "actions");
  if (!actions || actions.type !== "actions") throw new Error("no button");
  return actions.elements[0]!.url;
}

/**
 * Moves the clock to the one pending delivery's next attempt and runs delivery passes until an
 * attempt is made (Slack's one-per-second pacing may postpone it a little).
 */
async function deliverAtNextAttempt(h: Harness) {
  for (let pass = 0; pass < 10; pass++) {
    const [entry] = await h.list();
    if (entry?.nextAttemptAtMs) h.clock.set(Math.max(h.clock.now(), entry.nextAttemptAtMs));
    const counts = await h.engine.deliverDue();
    if (counts.postponed === 0) return counts;
  }
  throw new Error("the delivery stayed postponed");
}

function describeEngine(backend: StoreBackend) {
  describe(`notification engine (${backend.name} store)`, () => {
    const harness = (options: HarnessOptions = {}) => makeHarness(backend, options);

    it("a missed call becomes exactly one Slack message with the right link", async () => {
      const h = await harness();
      expect((await h.webhook("call.completed", { id: "cll-demo-missed", result: "MISSED" })).status).toBe(
        200,
      );

      expect(await h.engine.processDueEvents()).toEqual({
        claimed: 1,
        finished: 1,
        deferred: 0,
        notifications: 1,
      });
      expect(await h.engine.deliverDue()).toMatchObject({ claimed: 1, delivered: 1 });
      expect(await h.engine.deliverDue()).toMatchObject({ claimed: 0 });

      const [entry] = await h.list();
      const messages = slackBodies(h.slack);
      expect(messages).toHaveLength(1);
      expect(messages[0]?.text).toBe(
        "Missed call from a known contact: Sam Carter, Carter &amp; Sons Plumbing",
      );
      expect(buttonUrl(messages[0]!)).toBe(`${PUBLIC_URL}/items/cll-demo-missed?n=${entry!.id}`);
      expect(entry).toMatchObject({
        status: "delivered",
        topic: "call.completed",
        ruleId: "missed-or-voicemail",
      });

      // The page banner's lookup by the id in the link.
      expect(await h.store.getNotification(entry!.id)).toMatchObject({
        itemId: "cll-demo-missed",
        destinationKind: "slack",
        destinationLabel: "Slack",
        reason: { kind: "result", text: "Missed call from a known contact" },
        status: "delivered",
        deliveredAtMs: T0,
      });

      const processed = h.log.lines.filter((line) => line.msg === "webhook processed");
      expect(processed).toEqual([expect.objectContaining({ topic: "call.completed", verdict: "notified" })]);
      const attempts = h.log.lines.filter((line) => line.msg === "notification delivery");
      expect(attempts).toEqual([
        expect.objectContaining({ host: new URL(h.slack.origin).host, status: "delivered", httpStatus: 200 }),
      ]);
      expect(typeof attempts[0]?.latencyMs).toBe("number");
    });

    it("the same webhook delivered 5 times sends one message", async () => {
      const h = await harness();
      const outcomes = [];
      for (let i = 0; i < 5; i++) {
        outcomes.push(
          (await h.webhook("call.completed", { id: "cll-demo-missed" }, { id: "msg_same" })).outcome,
        );
      }
      expect(outcomes).toEqual(["recorded", "duplicate", "duplicate", "duplicate", "duplicate"]);
      await h.engine.processDueEvents();
      await h.engine.deliverDue();
      expect(slackBodies(h.slack)).toHaveLength(1);
    });

    it("tag.added before call.completed (out of order) still gives one correct message", async () => {
      const rules = parseRules(
        { rules: [{ id: "urgent-calls", topic: ["call.completed", "tag.added"], tags: ["urgent"] }] },
        { source: "test" },
      );
      const h = await harness({ rules });
      h.fake.items.find((seed) => seed.item.id === "cll-demo-billing")!.item.tags = ["billing", "urgent"];
      await h.webhook("tag.added", { call_id: "cll-demo-billing", tag: "urgent" });
      h.clock.advance(2_000);
      await h.webhook("call.completed", { id: "cll-demo-billing", result: "ANSWERED" });

      expect((await h.engine.processDueEvents()).notifications).toBe(1);
      await h.engine.deliverDue();
      const messages = slackBodies(h.slack);
      expect(messages).toHaveLength(1);
      expect(messages[0]?.text).toBe("Tagged urgent: Maria Gonzalez, Northwind Traders");
      const verdicts = h.log.lines
        .filter((l) => l.msg === "webhook processed")
        .map((l) => [l.topic, l.verdict, l.notifications]);
      expect(verdicts).toEqual([
        ["tag.added", "notified", 1],
        ["call.completed", "notified", 0],
      ]);
    });

    it("a tag webhook invalidates the cached item, so the rules (and agents) see the new tag", async () => {
      const rules = parseRules(
        { rules: [{ id: "urgent-calls", topic: ["tag.added"], tags: ["urgent"] }] },
        { source: "test" },
      );
      const h = await harness({ rules, itemCache: true });
      // An agent had the call open: the cache holds it without the tag.
      const before = await h.getItem("cll-demo-billing");
      expect(before.ok && before.item.tags).toEqual(["billing", "refund", "priority"]);
      h.fake.items.find((seed) => seed.item.id === "cll-demo-billing")!.item.tags = ["billing", "urgent"];
      await h.webhook("tag.added", { call_id: "cll-demo-billing", tag: "urgent" });

      expect((await h.engine.processDueEvents()).notifications).toBe(1);
      const after = await h.getItem("cll-demo-billing");
      expect(after.ok && after.item.tags).toEqual(["billing", "urgent"]);
      await h.webhook("tag.removed", { call_id: "cll-demo-billing", tag: "urgent" });
      h.fake.items.find((seed) => seed.item.id === "cll-demo-billing")!.item.tags = ["billing"];
      await h.engine.processDueEvents();
      const removed = await h.getItem("cll-demo-billing");
      expect(removed.ok && removed.item.tags).toEqual(["billing"]);
    });

    it("Slack 429 with Retry-After: the destination waits that long, then sends in order", async () => {
      const h = await harness();
      await h.webhook("call.completed", { id: "cll-demo-missed" });
      await h.webhook("call.completed", { id: "cll-demo-voicemail" });
      await h.engine.processDueEvents();
      h.slack.queue({ kind: "rate-limited", retryAfterSeconds: 30 });

      expect(await h.engine.deliverDue()).toMatchObject({ retrying: 1, postponed: 1 });
      h.clock.set(T0 + 29_999);
      expect(await h.engine.deliverDue()).toMatchObject({ claimed: 0 });
      h.clock.set(T0 + 30_000);
      expect(await h.engine.deliverDue()).toMatchObject({ delivered: 1, postponed: 1 });
      h.clock.set(T0 + 31_000);
      expect(await h.engine.deliverDue()).toMatchObject({ delivered: 1 });

      expect(h.slack.requests.map((r) => r.receivedAtMs - T0)).toEqual([0, 30_000, 31_000]);
      expect((await h.list()).map((n) => [n.status, n.attempts])).toEqual([
        ["delivered", 1],
        ["delivered", 2],
      ]);
    });

    it("Slack 500: retried with growing back-off, then delivered", async () => {
      const h = await harness();
      await h.webhook("call.completed", { id: "cll-demo-missed" });
      await h.engine.processDueEvents();
      h.slack.queue({ kind: "server-error" }, { kind: "server-error" }, { kind: "server-error" });

      const gaps: number[] = [];
      for (let i = 0; i < 3; i++) {
        expect((await deliverAtNextAttempt(h)).retrying).toBe(1);
        const [entry] = await h.list();
        gaps.push(entry!.nextAttemptAtMs! - h.clock.now());
        expect(entry).toMatchObject({ status: "retrying", lastHttpStatus: 500 });
        expect(entry?.lastError).toBe(`${new URL(h.slack.origin).host}: HTTP 500 internal_error`);
      }
      expect(gaps).toEqual([750, 1_500, 3_000]); // equal jitter at random() = 0.5
      expect((await deliverAtNextAttempt(h)).delivered).toBe(1);
      expect((await h.list())[0]).toMatchObject({ status: "delivered", attempts: 4, lastError: null });
      expect(slackBodies(h.slack)).toHaveLength(4);
    });

    it("a hanging Slack times out and is retried", async () => {
      const h = await harness({ deliveryTimeoutMs: 200 });
      await h.webhook("call.completed", { id: "cll-demo-missed" });
      await h.engine.processDueEvents();
      h.slack.respondWith({ kind: "hang" });
      expect((await h.engine.deliverDue()).retrying).toBe(1);
      expect((await h.list())[0]?.lastError).toMatch(/no answer within 0\.2 s$/);
      h.slack.respondWith({ kind: "ok" });
      expect((await deliverAtNextAttempt(h)).delivered).toBe(1);
    });

    it("a permanent 404 channel_not_found fails at once and is never retried", async () => {
      const h = await harness();
      await h.webhook("call.completed", { id: "cll-demo-missed" });
      await h.engine.processDueEvents();
      h.slack.respondWith({ kind: "channel-not-found" });
      expect((await h.engine.deliverDue()).failed).toBe(1);
      h.clock.advance(HOUR);
      expect((await h.engine.deliverDue()).claimed).toBe(0);
      expect((await h.list())[0]).toMatchObject({
        status: "failed",
        lastHttpStatus: 404,
        nextAttemptAtMs: null,
      });
      expect(h.slack.requests).toHaveLength(1);
    });

    it("paces Slack to at most one message per second", async () => {
      const rules = parseRules(
        { rules: [{ id: "every-call", topic: "call.completed" }] },
        { source: "test" },
      );
      const h = await harness({ rules });
      const ids = [
        "cll-demo-billing",
        "cll-demo-onboarding",
        "cll-demo-voicemail",
        "cll-demo-missed",
        "cll-demo-long",
      ];
      for (const id of ids) await h.webhook("call.completed", { id });
      expect((await h.engine.processDueEvents()).notifications).toBe(5);

      for (let step = 0; step < 40 && slackBodies(h.slack).length < 5; step++) {
        await h.engine.deliverDue();
        h.clock.advance(250);
      }
      const times = h.slack.requests.map((r) => r.receivedAtMs);
      expect(times).toHaveLength(5);
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(1_000);
    });

    it("gives up 24 h after creation: failed, with the last error", async () => {
      const h = await harness();
      await h.webhook("call.completed", { id: "cll-demo-missed" });
      await h.engine.processDueEvents();
      h.slack.respondWith({ kind: "server-error" });
      await h.engine.deliverDue();
      await deliverAtNextAttempt(h);
      h.clock.set(T0 + 24 * HOUR);
      expect((await h.engine.deliverDue()).failed).toBe(1);
      const [entry] = await h.list();
      expect(entry).toMatchObject({ status: "failed", attempts: 3, nextAttemptAtMs: null });
      expect(entry?.lastError).toMatch(/HTTP 500 internal_error; gave up 24 h after creation$/);
    });

    it("a restart on the same store mid-delivery delivers exactly once, after the lease", async () => {
      const h = await harness();
      await h.webhook("call.completed", { id: "cll-demo-missed" });
      await h.engine.processDueEvents();
      // Process A claims the delivery and dies before answering (the claim is what survives).
      const claimed = await h.store.claimDueDeliveries({
        nowMs: T0,
        limit: 10,
        leaseMs: 60_000,
        owner: "engine-a",
      });
      expect(claimed).toHaveLength(1);
      await h.restart("engine-b");

      expect((await h.engine.deliverDue()).claimed).toBe(0); // A's lease still holds
      h.clock.set(T0 + 60_000);
      expect((await h.engine.deliverDue()).delivered).toBe(1);
      h.clock.advance(HOUR);
      expect((await h.engine.deliverDue()).claimed).toBe(0);
      expect(slackBodies(h.slack)).toHaveLength(1);
    });

    it("an event recorded before a restart is processed after it", async () => {
      const h = await harness();
      await h.webhook("call.completed", { id: "cll-demo-voicemail" });
      await h.restart("engine-b");
      expect((await h.engine.processDueEvents()).notifications).toBe(1);
      expect((await h.engine.deliverDue()).delivered).toBe(1);
      expect(slackBodies(h.slack)[0]?.text).toBe(
        "Voicemail from a known contact: Camille Dubois, Atelier Dubois",
      );
    });

    it("waits for a pending summary, then sends with it", async () => {
      const rules = parseRules(
        { rules: [{ id: "forwarding", topic: "call.completed", keywords: ["forwarding"] }] },
        { source: "test" },
      );
      const h = await harness({ rules, summaryDelayMs: 20_000 });
      await h.webhook("call.completed", { id: "cll-demo-pending" });

      for (let t = 0; t < 20_000; t += 5_000) {
        h.clock.set(T0 + t);
        expect(await h.engine.processDueEvents()).toMatchObject({ claimed: 1, deferred: 1 });
        expect(await h.engine.processDueEvents()).toMatchObject({ claimed: 0 });
      }
      h.clock.set(T0 + 20_000);
      expect(await h.engine.processDueEvents()).toMatchObject({ finished: 1, notifications: 1 });
      expect(h.fake.stats.byId["cll-demo-pending"]).toBe(5);

      await h.engine.deliverDue();
      const [message] = slackBodies(h.slack);
      expect(message?.text).toBe("Said 'forwarding' at 0:15: Jordan Lee, Bluebird Dental");
      expect(JSON.stringify(message)).toContain(
        "Jordan from Bluebird Dental cannot receive calls on the front-desk line since this morning.",
      );
      expect(buttonUrl(message!)).toMatch(/\?n=ntf_[a-z2-7]{20}&t=15s$/);
    });

    it("sends without the summary once the wait is over", async () => {
      const rules = parseRules(
        { rules: [{ id: "forwarding", topic: "call.completed", keywords: ["forwarding"] }] },
        { source: "test" },
      );
      const h = await harness({ rules, summaryDelayMs: 10 * 60_000 });
      await h.webhook("call.completed", { id: "cll-demo-pending" });
      let finished = 0;
      for (let t = 0; t <= 60_000 && finished === 0; t += 5_000) {
        h.clock.set(T0 + t);
        finished = (await h.engine.processDueEvents()).finished;
      }
      expect(h.clock.now()).toBe(T0 + 60_000);
      await h.engine.deliverDue();
      const [message] = slackBodies(h.slack);
      expect(message?.blocks.map((block) => block.type)).toEqual(["section", "actions"]); // no summary section
    });

    it("does not wait for a summary no rule could use", async () => {
      const h = await harness({ summaryDelayMs: 20_000 });
      await h.webhook("call.completed", { id: "cll-demo-pending" });
      expect(await h.engine.processDueEvents()).toMatchObject({ finished: 1, notifications: 0 });
    });

    it("item not found, tag.removed and topics without rules notify nothing; only the first fetches", async () => {
      const h = await harness();
      await h.webhook("call.completed", { id: "cll-does-not-exist" });
      await h.webhook("tag.removed", { call_id: "cll-demo-billing", tag: "urgent" });
      await h.webhook("contact.created", { id: "cnt-1" });
      await h.webhook("call.completed", {});
      expect(await h.engine.processDueEvents()).toMatchObject({ claimed: 4, finished: 4, notifications: 0 });
      const verdicts = h.log.lines.filter((l) => l.msg === "webhook processed").map((l) => l.verdict);
      expect(verdicts).toEqual(["item-not-found", "tag-removed", "no-rule-for-topic", "no-item-id"]);
      expect(h.fake.stats.itemRequests).toBe(1);
    });

    it("Allo unavailable: the event is deferred with back-off, and given up after 24 h", async () => {
      const h = await harness();
      await h.webhook("call.completed", { id: "cll-fault-500" });
      expect(await h.engine.processDueEvents()).toMatchObject({ deferred: 1 });
      h.clock.advance(749);
      expect((await h.engine.processDueEvents()).claimed).toBe(0);
      h.clock.advance(1);
      expect(await h.engine.processDueEvents()).toMatchObject({ deferred: 1 });
      h.clock.set(T0 + 24 * HOUR);
      expect(await h.engine.processDueEvents()).toMatchObject({ finished: 1, notifications: 0 });
      expect(h.log.lines.filter((l) => l.msg === "webhook processed").at(-1)).toMatchObject({
        verdict: "gave-up",
        error: "UPSTREAM_UNAVAILABLE",
      });
    });

    it("slack and the generic webhook each get one; the webhook body is signed and keyed by the notification id", async () => {
      const h = await harness({ destinations: "slack+webhook" });
      await h.webhook("call.completed", { id: "cll-demo-missed" });
      expect((await h.engine.processDueEvents()).notifications).toBe(2);
      expect((await h.engine.deliverDue()).delivered).toBe(2);
      const generic = h.slack.requests.find((r) => r.path === "/generic")!;
      const verified = verifyAlloWebhook({
        rawBody: generic.rawBody,
        headers: generic.headers,
        secrets: [SECRET_OLD],
        nowMs: T0,
      });
      expect(verified.ok).toBe(true);
      const body = generic.body as { id: string; type: string; link: string };
      expect(generic.headers["webhook-id"]).toBe(body.id);
      expect(body.type).toBe("notification");
      expect(body.link).toBe(`${PUBLIC_URL}/items/cll-demo-missed?n=${body.id}`);
    });

    it("never logs a secret, a signature, the Slack path or a message body", async () => {
      const h = await harness();
      await h.webhook("call.completed", { id: "cll-demo-missed" });
      await h.engine.processDueEvents();
      h.slack.queue({ kind: "server-error" });
      await h.engine.deliverDue();
      await deliverAtNextAttempt(h);
      const text = h.log.text();
      for (const secret of [
        SECRET_NEW,
        SECRET_NEW.slice(6),
        FAKE_SLACK_PATH,
        "fakeSecretPath",
        "Sam Carter",
        "v1,",
      ]) {
        expect(text).not.toContain(secret);
      }
    });

    it("preview mode and a test notification: stored, rendered, nothing sent", async () => {
      const h = await harness({ destinations: "preview" });
      const result = await h.engine.sendTestNotification();
      expect(result.ok).toBe(true);
      expect((await h.engine.deliverDue()).previewed).toBe(1);
      const [entry] = await h.list();
      expect(entry).toMatchObject({
        status: "previewed",
        isTest: true,
        destinationKind: "preview",
        reason: { kind: "test", text: "Test notification" },
        itemId: "cll-demo-billing",
      });
      expect(entry?.preview?.text).toBe("[Test] Test notification: Maria Gonzalez, Northwind Traders");
      expect(h.slack.requests).toHaveLength(0);
      expect(await h.engine.sendTestNotification({ destinations: ["slack"] })).toEqual({
        ok: false,
        error: "None of these destinations is configured.",
      });
      expect((await h.engine.sendTestNotification({ itemId: "cll-nope" })).ok).toBe(false);
    });

    it("the demo sequence: four notifications with demo mode's rules, a duplicate, an ignored event", async () => {
      const h = await harness({ destinations: "preview", rules: DEMO_RULES });
      let seed = 0;
      const requests = buildDemoWebhookRequests({
        secret: SECRET_NEW,
        nowMs: T0,
        random: () => (seed++ % 97) / 97,
      });
      const outcomes = [];
      for (const request of requests) {
        outcomes.push(
          (
            await receiveAlloWebhook({
              rawBody: request.body,
              headers: request.headers,
              secrets: [SECRET_NEW],
              store: h.store,
              logger: h.log.logger,
              nowMs: T0,
            })
          ).outcome,
        );
      }
      expect(outcomes).toEqual(["recorded", "recorded", "recorded", "recorded", "duplicate", "recorded"]);
      expect((await h.engine.processDueEvents()).notifications).toBe(4);
      await h.engine.deliverDue();
      const list = await h.list();
      expect(list.map((n) => n.reason.text).sort()).toEqual([
        "Missed call from a known contact",
        "Said 'refunds' at 1:03",
        "Tagged urgent",
        "Voicemail from a known contact",
      ]);
      // The keyword notification opens the call at its moment.
      expect(list.find((n) => n.itemId === "cll-demo-refund")?.link).toMatch(/[?&]t=1m3s$/);
    });

    it("start() runs both halves on a timer; stop() waits for the tick in progress", async () => {
      const h = await harness({ deliveryTimeoutMs: 300 });
      await h.webhook("call.completed", { id: "cll-demo-missed" });
      h.slack.respondWith({ kind: "hang" });
      const engine = createNotificationEngine({
        store: h.store,
        getItem: fakeAlloItems({ now: h.clock.now }).getItem,
        rules: DEFAULT_RULES,
        destinations: destinationsFromEnv({ slackWebhookUrl: h.slack.webhookUrl, genericWebhook: null }),
        publicUrl: PUBLIC_URL,
        now: h.clock.now,
        logger: h.log.logger,
        deliveryTimeoutMs: 300,
        tickMs: 5,
      });
      engine.start();
      await vi.waitFor(() => expect(h.slack.requests).toHaveLength(1), { timeout: 10_000, interval: 10 });
      await engine.stop();
      // The tick in flight finished before stop() returned: its outcome is recorded.
      expect((await h.list())[0]).toMatchObject({ status: "retrying", attempts: 1 });
    });
  });
}

describeEngine(SQLITE);
describeEngine(REDIS);

describe("notification engine: two instances on one Redis", () => {
  it("each webhook reaches both instances: one message per call, Slack paced across both", async () => {
    const namespace = redis.namespace();
    const shared: StoreBackend = {
      name: "Redis",
      place: () => ({ open: () => redis.openStore({ namespace }), remove: () => {} }),
    };
    const rules = parseRules({ rules: [{ id: "every-call", topic: "call.completed" }] }, { source: "test" });
    // One claim per pass, so both instances end up holding deliveries for the same Slack.
    const h = await makeHarness(shared, { rules, batchSize: 1 });
    const storeB = await redis.openStore({ namespace });
    const engineB = createNotificationEngine({
      store: storeB,
      getItem: fakeAlloItems({ now: h.clock.now }).getItem,
      rules,
      destinations: destinationsFromEnv({ slackWebhookUrl: h.slack.webhookUrl, genericWebhook: null }),
      publicUrl: PUBLIC_URL,
      now: h.clock.now,
      random: () => 0.5,
      logger: h.log.logger,
      batchSize: 1,
      owner: "engine-b",
    });
    cleanups.push(async () => {
      await engineB.stop();
      await storeB.close();
    });

    const calls = [
      "cll-demo-billing",
      "cll-demo-onboarding",
      "cll-demo-voicemail",
      "cll-demo-missed",
      "cll-demo-long",
    ];
    const outcomes = [];
    for (const [i, id] of calls.entries()) {
      outcomes.push((await h.webhook("call.completed", { id }, { id: `msg_two_${i}` })).outcome);
      outcomes.push(
        (await h.webhook("call.completed", { id }, { id: `msg_two_${i}`, store: storeB })).outcome,
      );
    }
    expect(outcomes).toEqual(calls.flatMap(() => ["recorded", "duplicate"]));

    let notifications = 0;
    for (let pass = 0; pass < 5; pass++) {
      notifications += (await h.engine.processDueEvents()).notifications;
      notifications += (await engineB.processDueEvents()).notifications;
    }
    expect(notifications).toBe(5);

    const delivered = { a: 0, b: 0 };
    for (let step = 0; step < 80 && slackBodies(h.slack).length < 5; step++) {
      // Whoever polls first once the slot is free sends; the two take turns being first.
      const aFirst = Math.floor(step / 4) % 2 === 0;
      if (aFirst) delivered.a += (await h.engine.deliverDue()).delivered;
      delivered.b += (await engineB.deliverDue()).delivered;
      if (!aFirst) delivered.a += (await h.engine.deliverDue()).delivered;
      h.clock.advance(250);
    }
    const times = h.slack.requests.map((r) => r.receivedAtMs);
    expect(times).toHaveLength(5);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(1_000);
    expect(delivered.a).toBeGreaterThan(0);
    expect(delivered.b).toBeGreaterThan(0);
    expect((await h.list()).map((n) => [n.status, n.attempts])).toEqual(calls.map(() => ["delivered", 1]));
  });
});
