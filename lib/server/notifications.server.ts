/**
 * The one place that turns configuration into the notification loop: the store (SQLite in
 * CALLVIEW_DATA_DIR, or Redis with CALLVIEW_REDIS_URL, shared by every instance), the destinations, the rules, and the engine that processes webhook events
 * and delivers the outbox. Kept on globalThis like the Allo runtime, because route handlers,
 * pages and start-up may each bundle their own copy of this module.
 *
 * Demo mode (no ALLO_API_KEY) runs the whole loop too: without ALLO_WEBHOOK_SECRET it accepts
 * the published demo secret, so `npm run demo:notify` can sign its events, and it adds one
 * keyword rule so a notification that opens a call at a moment can be seen.
 */
import "server-only";
import { DEMO_RULES, DEMO_WEBHOOK_SECRET } from "@/lib/notifications/demo-events.server";
import { loadRules, type NotificationRule } from "@/lib/notifications/rules.server";
import {
  destinationsFromEnv,
  ruleDestinationIds,
  type Destination,
} from "@/lib/notifications/destinations.server";
import { createNotificationEngine, type NotificationEngine } from "@/lib/notifications/engine.server";
import { NOTIFICATION_ID_PATTERN } from "@/lib/notifications/message.server";
import type { NotificationNotice } from "@/lib/items/notification-notice";
import type { NotificationStore } from "@/lib/notifications/store/notification-store";
import { openRedisNotificationStore } from "@/lib/notifications/store/redis-notification-store.server";
import { openSqliteNotificationStore } from "@/lib/notifications/store/sqlite-notification-store.server";
import { alloRuntime } from "./allo.server";
import { ConfigurationError, serverEnv } from "./env.server";
import { logger } from "./logger.server";
import { redisRuntime } from "./redis/redis-runtime.server";

/**
 * With Redis, the store every instance shares: any instance may receive a webhook or its retry,
 * dedupe keys and the outbox are one, so each message is sent once. Otherwise SQLite; a data
 * directory that cannot be used stops start-up with one line naming the variable.
 */
function openStore(dataDir: string): NotificationStore {
  const redis = redisRuntime();
  // The connection is the process's (the limiter and cache use it too): the store does not own it.
  if (redis) return openRedisNotificationStore({ redis: redis.connection });
  try {
    return openSqliteNotificationStore({ dataDir });
  } catch (error) {
    const code =
      (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : "unknown");
    throw new ConfigurationError(
      `Invalid Callview configuration: CALLVIEW_DATA_DIR (${dataDir}) cannot hold the notification store (${code}).`,
    );
  }
}

/** The limiter's fair-share key of the notification engine (agents have one each). */
const NOTIFICATIONS_USER_KEY = "callview:notifications";

export type NotificationsRuntime = {
  store: NotificationStore;
  engine: NotificationEngine;
  destinations: readonly Destination[];
  rules: readonly NotificationRule[];
  /** Secrets the receiver accepts; empty means it answers 503. */
  webhookSecrets: readonly string[];
  usesDemoSecret: boolean;
};

const globalForNotifications = globalThis as typeof globalThis & {
  __callviewNotifications?: NotificationsRuntime;
};

/** Throws a ConfigurationError naming the rule when the rules file is invalid (start-up stops). */
export function notificationsRuntime(): NotificationsRuntime {
  if (globalForNotifications.__callviewNotifications) return globalForNotifications.__callviewNotifications;
  const env = serverEnv();
  const settings = env.notifications;
  const destinations = destinationsFromEnv(settings);
  const configured = loadRules(settings.rulesFile, { configured: ruleDestinationIds(destinations) });
  const rules = env.demoMode && settings.rulesFile === null ? DEMO_RULES : configured;
  const usesDemoSecret = env.demoMode && settings.alloWebhookSecrets.length === 0;
  const store = openStore(settings.dataDir);
  const engine = createNotificationEngine({
    store,
    // Through Callview's cache and limiter: this also warms the cache for the agent's open. Its
    // own fair-share key, so a burst of webhooks never starves agents opening calls (or back).
    getItem: async (id) => (await alloRuntime().items.get(id, { user: NOTIFICATIONS_USER_KEY })).result,
    // A tag event means the cached item is out of date: agents and rules must see the new tags.
    invalidateItem: (id) => alloRuntime().items.invalidate(id),
    rules,
    destinations,
    publicUrl: settings.publicUrl,
    logger: logger(),
  });
  const runtime: NotificationsRuntime = {
    store,
    engine,
    destinations,
    rules,
    webhookSecrets: usesDemoSecret ? [DEMO_WEBHOOK_SECRET] : settings.alloWebhookSecrets,
    usesDemoSecret,
  };
  globalForNotifications.__callviewNotifications = runtime;
  return runtime;
}

/** Start-up: validate the rules, open the store and start delivering (also what was left before a restart). */
export function startNotifications(): NotificationsRuntime {
  const runtime = notificationsRuntime();
  runtime.engine.start();
  return runtime;
}

/** Shutdown: let the tick in progress finish (bounded by the delivery timeout), then close the file. */
export async function stopNotifications(): Promise<void> {
  const runtime = globalForNotifications.__callviewNotifications;
  if (!runtime) return;
  await runtime.engine.stop();
  await runtime.store.close();
  globalForNotifications.__callviewNotifications = undefined;
}

/**
 * The banner for `/items/{id}?n=…`, from the store only. An unknown id, a malformed one, or a
 * notification about another item gives null: the page then just opens the call.
 */
export async function notificationNoticeFor(
  itemId: string,
  notificationId: unknown,
): Promise<NotificationNotice | null> {
  if (typeof notificationId !== "string" || !NOTIFICATION_ID_PATTERN.test(notificationId)) return null;
  let summary;
  try {
    summary = await notificationsRuntime().store.getNotification(notificationId);
  } catch (error) {
    // The banner is a courtesy: a store problem must not cost the agent the call itself.
    logger().warn(
      { error: error instanceof Error ? error.message : String(error) },
      "notification lookup failed",
    );
    return null;
  }
  if (!summary || summary.itemId !== itemId) return null;
  return {
    destinationKind: summary.destinationKind,
    destinationLabel: summary.destinationLabel,
    sentAtMs: summary.deliveredAtMs ?? summary.createdAtMs,
    reason: summary.reason.text,
    momentSeconds: summary.momentSeconds,
  };
}
