/**
 * The notification engine: turns recorded webhook events into notifications, and delivers the
 * outbox. Both halves are plain async functions (`processDueEvents`, `deliverDue`) that tests
 * call directly with an injected clock; `start()` runs them on an unref'd timer.
 *
 * Processing an event: the payload is only a hint, so the item is fetched through `getItem`
 * (in production Callview's cache and rate limiter) and the rules judge the fetched item.
 * - `tag.added` / `tag.removed`: the item changed in Allo, so `invalidateItem` (Callview's
 *   item cache, injected) forgets it first; the rules then judge the tags as they are now, and
 *   an agent who opens the call sees them too;
 * - no rule listens to the topic, or `tag.removed`: closed without fetching anything;
 * - item not found / malformed id: closed, no notification;
 * - Allo unavailable, rate limiting or slow: deferred with back-off, given up after 24 h;
 * - a call whose summary is still being generated: re-fetched every `pollMs` until it arrives
 *   or `maxMs` after receipt, then sent with what there is (only when some rule could use it);
 * - otherwise one notification per (match × destination), rendered and stored at once.
 * Out-of-order and duplicate events are harmless: the item is the truth, and the store keeps
 * a rule from firing twice for one item and destination.
 *
 * Delivering: claimed with a lease (at-least-once across crashes), paced per destination
 * through the store (Slack: one per second; after a 429 the whole destination waits for
 * Retry-After), retried with back-off, failed after 24 h or on a permanent error.
 *
 * Logs: one line per processed webhook (id, topic, verdict) and one per delivery attempt
 * (destination, host, status, latency). Never a secret, a signature, a URL path or a body.
 */
import "server-only";
import { hostname } from "node:os";
import type { Logger } from "pino";
import type { AlloResult, FetchLike } from "@/lib/allo/client.server";
import type { AlloItem } from "@/lib/allo/item";
import { summaryExpectation } from "@/lib/items/summary-status";
import { logger as appLogger } from "@/lib/server/logger.server";
import { DEFAULT_RETRY_POLICY, nextRetry, type RetryPolicy } from "./backoff.server";
import {
  DEFAULT_DELIVERY_TIMEOUT_MS,
  deliver,
  destinationsForRule,
  minIntervalMs,
  type Destination,
  type DestinationId,
} from "./destinations.server";
import { buildFacts, genericPayload, newNotificationId, slackMessage } from "./message.server";
import { evaluateRules, rulesForTopic, type NotificationRule, type RuleMatch } from "./rules.server";
import type {
  ClaimedDelivery,
  DeliveryOutcome,
  EventVerdict,
  NewNotification,
  NotificationStore,
  StoredEvent,
} from "./store/notification-store";

/** The demo call a test notification links to when no item is given. */
export const DEFAULT_TEST_ITEM_ID = "cll-demo-billing";
const TEST_RULE_ID = "test";

export type EngineOptions = {
  store: NotificationStore;
  getItem: (id: string) => Promise<AlloResult>;
  /** Forgets a cached item that changed in Allo (a tag event); absent in tests without a cache. */
  invalidateItem?: (id: string) => Promise<void> | void;
  rules: readonly NotificationRule[];
  destinations: readonly Destination[];
  publicUrl: string | null;
  now?: () => number;
  random?: () => number;
  fetch?: FetchLike;
  logger?: Logger;
  summaryWait?: { maxMs: number; pollMs: number };
  /** Identifies this process in leases. */
  owner?: string;
  leaseMs?: number;
  deliveryTimeoutMs?: number;
  batchSize?: number;
  tickMs?: number;
  retryPolicy?: RetryPolicy;
};

export type ProcessCounts = { claimed: number; finished: number; deferred: number; notifications: number };
export type DeliverCounts = {
  claimed: number;
  delivered: number;
  previewed: number;
  retrying: number;
  failed: number;
  /** Given back unsent because of pacing or a paused destination. */
  postponed: number;
};

export type TestNotificationResult = { ok: true; notificationIds: string[] } | { ok: false; error: string };

const PRUNE_EVERY_MS = 60 * 60_000;
/** How long one tick may keep draining full batches before it yields to the next. */
const MAX_TICK_MS = 5_000;

export function createNotificationEngine(options: EngineOptions) {
  const { store, rules, publicUrl } = options;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const log = options.logger ?? appLogger();
  const summaryWait = options.summaryWait ?? { maxMs: 60_000, pollMs: 5_000 };
  const timeoutMs = options.deliveryTimeoutMs ?? DEFAULT_DELIVERY_TIMEOUT_MS;
  // A lease must outlive the slowest attempt, or a second process would send a duplicate.
  const leaseMs = Math.max(options.leaseMs ?? 60_000, timeoutMs * 3);
  const batchSize = options.batchSize ?? 20;
  const tickMs = options.tickMs ?? 1_000;
  const policy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
  const owner = options.owner ?? `${hostname()}:${process.pid}:${random().toString(36).slice(2, 8)}`;
  const destinations = [...options.destinations];
  const byId = new Map<string, Destination>(destinations.map((destination) => [destination.id, destination]));

  function buildNotification(input: {
    item: AlloItem;
    match: RuleMatch;
    destination: Destination;
    topic: string;
    isTest: boolean;
    createdAtMs: number;
  }): NewNotification {
    const { item, match, destination, createdAtMs, isTest } = input;
    const id = newNotificationId();
    const facts = buildFacts({
      item,
      reason: match.reason,
      momentSeconds: match.momentSeconds,
      notificationId: id,
      publicUrl,
    });
    const payload =
      destination.kind === "webhook"
        ? genericPayload(facts, { ruleId: match.ruleId, createdAtMs, test: isTest })
        : slackMessage(facts, { test: isTest });
    return {
      id,
      itemId: item.id,
      ruleId: match.ruleId,
      destinationId: destination.id,
      destinationKind: destination.kind,
      destinationLabel: destination.label,
      topic: input.topic,
      reason: match.reason,
      momentSeconds: match.momentSeconds,
      link: facts.link,
      payload,
      createdAtMs,
      isTest,
    };
  }

  /** Whether to wait for the summary: it may still come, and some rule could use it. */
  function worthWaiting(item: AlloItem, candidates: NotificationRule[], matches: RuleMatch[], nowMs: number) {
    if (summaryExpectation(item, nowMs) !== "wait") return false;
    return matches.length > 0 || candidates.some((rule) => rule.keywords !== undefined);
  }

  async function processEvent(event: StoredEvent): Promise<{ deferred: boolean; inserted: number }> {
    const nowMs = now();
    const context = { webhookId: event.webhookId, topic: event.topic, itemId: event.itemId };
    const finish = async (verdict: EventVerdict, notifications: NewNotification[] = [], error?: string) => {
      const { inserted } = await store.finishEvent(event.id, { verdict, notifications, nowMs });
      log.info(
        { ...context, verdict, notifications: inserted, attempts: event.attempts, error },
        "webhook processed",
      );
      return { deferred: false, inserted };
    };
    const defer = async (untilMs: number, note: string) => {
      await store.deferEvent(event.id, { untilMs, note });
      log.info({ ...context, verdict: "deferred", note, retryInMs: untilMs - nowMs }, "webhook deferred");
      return { deferred: true, inserted: 0 };
    };

    // On the first claim only: a deferred retry (waiting for a summary) need not reload the item each time.
    if (
      (event.topic === "tag.added" || event.topic === "tag.removed") &&
      event.itemId &&
      event.attempts <= 1
    ) {
      await options.invalidateItem?.(event.itemId);
    }
    if (event.topic === "tag.removed") return finish("tag-removed");
    const candidates = rulesForTopic(rules, event.topic);
    if (candidates.length === 0) return finish("no-rule-for-topic");
    if (!event.itemId) return finish("no-item-id");

    const result = await options.getItem(event.itemId);
    if (!result.ok) {
      const code = result.error.code;
      if (code === "CONVERSATION_ITEM_NOT_FOUND") return finish("item-not-found");
      if (code === "INVALID_ITEM_ID") return finish("invalid-item-id");
      // Anything else (rate limit, outage, timeout, even a rejected key) may heal: try again.
      const decision = nextRetry({
        attempts: event.attempts,
        createdAtMs: event.receivedAtMs,
        nowMs,
        retryAfterMs: result.error.retryAfterSeconds !== null ? result.error.retryAfterSeconds * 1000 : null,
        random,
        policy,
      });
      if (decision.kind === "give-up") return finish("gave-up", [], code);
      return defer(decision.atMs, `allo:${code}`);
    }

    const item = result.item;
    const matches = evaluateRules(candidates, event, item);
    const waitUntil = event.receivedAtMs + summaryWait.maxMs;
    if (nowMs < waitUntil && worthWaiting(item, candidates, matches, nowMs)) {
      return defer(Math.min(nowMs + summaryWait.pollMs, waitUntil), "summary-pending");
    }
    const byRule = new Map(candidates.map((rule) => [rule.id, rule]));
    const notifications = matches.flatMap((match) =>
      destinationsForRule(destinations, byRule.get(match.ruleId)?.destinations).map((destination) =>
        buildNotification({
          item,
          match,
          destination,
          topic: event.topic,
          isTest: false,
          createdAtMs: nowMs,
        }),
      ),
    );
    return finish(matches.length > 0 ? "notified" : "no-match", notifications);
  }

  async function processDueEvents(): Promise<ProcessCounts> {
    const claimed = await store.claimDueEvents({ nowMs: now(), limit: batchSize, leaseMs, owner });
    const counts: ProcessCounts = { claimed: claimed.length, finished: 0, deferred: 0, notifications: 0 };
    for (const event of claimed) {
      const outcome = await processEvent(event);
      if (outcome.deferred) counts.deferred++;
      else counts.finished++;
      counts.notifications += outcome.inserted;
    }
    return counts;
  }

  /** Stores the outcome; a retry past the 24-hour mark becomes a failure. */
  async function settle(
    delivery: ClaimedDelivery,
    destination: Destination,
    outcome: DeliveryOutcome,
  ): Promise<DeliveryOutcome> {
    const nowMs = now();
    if (outcome.kind !== "retry") {
      await store.recordDeliveryAttempt(delivery.id, outcome, { nowMs });
      return outcome;
    }
    if (outcome.retryAfterMs !== null)
      await store.pauseDestination(destination.id, nowMs + outcome.retryAfterMs);
    const decision = nextRetry({
      attempts: delivery.attempts + 1,
      createdAtMs: delivery.createdAtMs,
      nowMs,
      retryAfterMs: outcome.retryAfterMs,
      random,
      policy,
    });
    if (decision.kind === "give-up") {
      const failed: DeliveryOutcome = {
        kind: "failed",
        httpStatus: outcome.httpStatus,
        error: `${outcome.error}; gave up ${Math.round(policy.giveUpAfterMs / 3_600_000)} h after creation`,
      };
      await store.recordDeliveryAttempt(delivery.id, failed, { nowMs });
      return failed;
    }
    await store.recordDeliveryAttempt(delivery.id, outcome, { nowMs, nextAttemptAtMs: decision.atMs });
    return outcome;
  }

  async function deliverGroup(destinationId: string, deliveries: ClaimedDelivery[], counts: DeliverCounts) {
    const destination = byId.get(destinationId);
    for (const [index, delivery] of deliveries.entries()) {
      if (!destination) {
        // The configuration changed since the notification was created.
        await store.recordDeliveryAttempt(
          delivery.id,
          { kind: "failed", httpStatus: null, error: `destination ${destinationId} is no longer configured` },
          { nowMs: now() },
        );
        counts.failed++;
        continue;
      }
      if (destination.kind !== "preview") {
        const waitMs = await store.reserveDestinationSlot(destination.id, now(), minIntervalMs(destination));
        if (waitMs > 0) {
          for (const later of deliveries.slice(index)) await store.postponeDelivery(later.id, now() + waitMs);
          counts.postponed += deliveries.length - index;
          return;
        }
      }
      const started = performance.now();
      const sent = await deliver(destination, delivery, { fetch: options.fetch, timeoutMs, nowMs: now() });
      const latencyMs = Math.round(performance.now() - started);
      const outcome = await settle(delivery, destination, sent);
      const status = outcome.kind === "retry" ? "retrying" : outcome.kind;
      counts[status]++;
      log[outcome.kind === "failed" ? "warn" : "info"](
        {
          notificationId: delivery.id,
          destination: destination.id,
          host: destination.kind === "preview" ? null : destination.host,
          status,
          httpStatus: outcome.kind === "previewed" ? null : outcome.httpStatus,
          attempt: delivery.attempts + 1,
          latencyMs,
          error: outcome.kind === "retry" || outcome.kind === "failed" ? outcome.error : undefined,
        },
        "notification delivery",
      );
    }
  }

  async function deliverDue(): Promise<DeliverCounts> {
    const claimed = await store.claimDueDeliveries({ nowMs: now(), limit: batchSize, leaseMs, owner });
    const counts: DeliverCounts = {
      claimed: claimed.length,
      delivered: 0,
      previewed: 0,
      retrying: 0,
      failed: 0,
      postponed: 0,
    };
    const groups = new Map<string, ClaimedDelivery[]>();
    for (const delivery of claimed) {
      groups.set(delivery.destinationId, [...(groups.get(delivery.destinationId) ?? []), delivery]);
    }
    // Destinations in parallel (a hanging Slack must not hold the webhook), each one in order.
    await Promise.all([...groups].map(([id, list]) => deliverGroup(id, list, counts)));
    return counts;
  }

  /** A clearly labelled notification for an item, through the same outbox, to check the setup. */
  async function sendTestNotification(
    input: { destinations?: readonly DestinationId[]; itemId?: string } = {},
  ): Promise<TestNotificationResult> {
    const targets = input.destinations
      ? destinations.filter((destination) => input.destinations?.includes(destination.id))
      : destinations;
    if (targets.length === 0) return { ok: false, error: "None of these destinations is configured." };
    const result = await options.getItem(input.itemId ?? DEFAULT_TEST_ITEM_ID);
    if (!result.ok) return { ok: false, error: result.error.message };
    const createdAtMs = now();
    const match: RuleMatch = {
      ruleId: TEST_RULE_ID,
      reason: { kind: "test", text: "Test notification" },
      momentSeconds: null,
    };
    const notifications = targets.map((destination) =>
      buildNotification({ item: result.item, match, destination, topic: "test", isTest: true, createdAtMs }),
    );
    await store.addNotifications(notifications);
    log.info({ notifications: notifications.length, itemId: result.item.id }, "test notification queued");
    return { ok: true, notificationIds: notifications.map((notification) => notification.id) };
  }

  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = true;
  let lastPruneMs = -Infinity;
  /** Ticks failed in a row (a store outage): logged on the first, then once a minute or so. */
  let failedTicks = 0;

  async function tick(): Promise<void> {
    try {
      // A burst (Allo replaying a backlog) is drained in full batches without waiting a tick
      // between them, for a bounded time so that stop() is never held up for long.
      const started = performance.now();
      for (;;) {
        const processed = await processDueEvents();
        const delivered = await deliverDue();
        const full = processed.claimed >= batchSize || delivered.claimed >= batchSize;
        if (!full || stopped || performance.now() - started > MAX_TICK_MS) break;
      }
      if (now() - lastPruneMs >= PRUNE_EVERY_MS) {
        lastPruneMs = now();
        const pruned = await store.prune(lastPruneMs);
        log.debug(pruned, "notification store pruned");
      }
      if (failedTicks > 0) log.warn({ failedTicks }, "notification ticks succeed again");
      failedTicks = 0;
    } catch (error) {
      // Keep ticking: the next tick retries whatever this one left claimed once its lease ends.
      failedTicks++;
      if (failedTicks === 1 || failedTicks % 60 === 0) {
        log.error(
          { error: error instanceof Error ? error.message : String(error), failedTicks },
          "notification tick failed",
        );
      }
    }
  }

  function schedule() {
    timer = setTimeout(() => {
      running = tick().finally(() => {
        running = null;
        if (!stopped) schedule();
      });
    }, tickMs);
    timer.unref();
  }

  return {
    processDueEvents,
    deliverDue,
    sendTestNotification,
    start() {
      if (!stopped) return;
      stopped = false;
      schedule();
    },
    /** Stops the timer and waits for the tick in progress (at most one delivery timeout). */
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}

export type NotificationEngine = ReturnType<typeof createNotificationEngine>;
