/**
 * The notification store's contract: webhook events (with dedupe keys), the outbox of
 * notifications, and per-destination pacing. Types only; every method is async so a shared
 * implementation (Redis, Postgres) can be added next to the SQLite one without touching callers.
 *
 * Guarantees every implementation must keep:
 * - `recordEvent` is all-or-nothing: a duplicate (any dedupe key seen before) writes nothing.
 * - `finishEvent` inserts notifications and closes the event in one step; a rule fires at most
 *   once per (item, rule, destination), whatever duplicates or out-of-order events arrive.
 * - Claims are leases: work claimed by a process that dies is claimed again once the lease
 *   expires, so delivery is at-least-once, and exactly-once unless a process dies mid-request.
 * - Everything is durable: a restart loses nothing.
 */
import type { MatchReason } from "../rules.server";
import type { SlackMessage } from "../message.server";

export type DestinationKind = "slack" | "webhook" | "preview";

export type NewEvent = {
  webhookId: string;
  dedupeKeys: readonly string[];
  topic: string;
  itemId: string | null;
  tags: readonly string[];
  eventTimestampMs: number | null;
  receivedAtMs: number;
};

export type StoredEvent = Omit<NewEvent, "dedupeKeys"> & {
  id: number;
  /** Times this event was claimed, this claim included. */
  attempts: number;
  note: string | null;
};

/** Why an event produced what it produced; shown to operators and logged. */
export type EventVerdict =
  | "notified"
  | "no-match"
  | "no-rule-for-topic"
  | "tag-removed"
  | "no-item-id"
  | "item-not-found"
  | "invalid-item-id"
  | "gave-up";

export type NewNotification = {
  id: string;
  itemId: string;
  ruleId: string;
  destinationId: string;
  destinationKind: DestinationKind;
  destinationLabel: string;
  topic: string;
  reason: MatchReason;
  momentSeconds: number | null;
  link: string;
  /** The exact body to send, rendered once at creation (Slack message or generic JSON). */
  payload: unknown;
  createdAtMs: number;
  /** Test notifications skip the once-per-(item, rule, destination) rule. */
  isTest: boolean;
};

export type NotificationStatus = "pending" | "retrying" | "delivered" | "previewed" | "failed";

/** What the engine needs to attempt a delivery. */
export type ClaimedDelivery = {
  id: string;
  destinationId: string;
  destinationKind: DestinationKind;
  payload: unknown;
  createdAtMs: number;
  /** Delivery attempts already made (HTTP requests), before this one. */
  attempts: number;
};

/**
 * The result of one delivery attempt, as destinations report it. `previewed` is the built-in
 * preview destination: nothing leaves the process, the stored Slack message is what is shown.
 */
export type DeliveryOutcome =
  | { kind: "delivered"; httpStatus: number }
  | { kind: "previewed" }
  | { kind: "retry"; httpStatus: number | null; retryAfterMs: number | null; error: string }
  | { kind: "failed"; httpStatus: number | null; error: string };

/** For the item page banner (`?n=`): why this agent got here. */
export type NotificationSummary = {
  id: string;
  itemId: string;
  ruleId: string;
  destinationKind: DestinationKind;
  destinationLabel: string;
  reason: MatchReason;
  momentSeconds: number | null;
  status: NotificationStatus;
  createdAtMs: number;
  deliveredAtMs: number | null;
  isTest: boolean;
};

/** For an operator page: one row per notification, newest first. */
export type NotificationListEntry = NotificationSummary & {
  topic: string;
  destinationId: string;
  link: string;
  attempts: number;
  nextAttemptAtMs: number | null;
  lastHttpStatus: number | null;
  /** Host, status and a short reason only: never a secret, a URL path or a body. */
  lastError: string | null;
  /** For `preview`: the message as Slack would render it. */
  preview: SlackMessage | null;
};

export type ClaimOptions = { nowMs: number; limit: number; leaseMs: number; owner: string };

export type PruneResult = { dedupeKeys: number; events: number; notifications: number };

export interface NotificationStore {
  recordEvent(event: NewEvent): Promise<"recorded" | "duplicate">;
  claimDueEvents(options: ClaimOptions): Promise<StoredEvent[]>;
  finishEvent(
    eventId: number,
    outcome: { verdict: EventVerdict; notifications: readonly NewNotification[]; nowMs: number },
  ): Promise<{ inserted: number }>;
  deferEvent(eventId: number, options: { untilMs: number; note: string }): Promise<void>;

  /** Notifications not tied to an event (test notifications); same outbox. */
  addNotifications(notifications: readonly NewNotification[]): Promise<{ inserted: number }>;
  claimDueDeliveries(options: ClaimOptions): Promise<ClaimedDelivery[]>;
  recordDeliveryAttempt(
    id: string,
    outcome: DeliveryOutcome,
    options: { nowMs: number; nextAttemptAtMs?: number },
  ): Promise<void>;
  /** Gives a claimed delivery back without counting an attempt (pacing, a paused destination). */
  postponeDelivery(id: string, untilMs: number): Promise<void>;

  /** Reserves the destination's next send slot: 0 = go now, otherwise ms to wait (nothing reserved). */
  reserveDestinationSlot(destinationKey: string, nowMs: number, intervalMs: number): Promise<number>;
  /** No sends to this destination before `untilMs` (after a 429 with Retry-After). */
  pauseDestination(destinationKey: string, untilMs: number): Promise<void>;

  getNotification(id: string): Promise<NotificationSummary | null>;
  listRecentNotifications(limit: number): Promise<NotificationListEntry[]>;
  prune(nowMs: number): Promise<PruneResult>;
  close(): Promise<void>;
}
