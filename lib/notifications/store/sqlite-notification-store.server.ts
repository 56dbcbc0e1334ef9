/**
 * The notification store in one SQLite file (`callview.sqlite` in CALLVIEW_DATA_DIR), with
 * better-sqlite3. WAL lets readers (an operator page) run beside the one writer; busy_timeout
 * makes several processes on one host wait for each other instead of failing. WAL needs a local
 * disk: not a network filesystem, and not several hosts (a shared store would be another
 * implementation of ./notification-store).
 *
 * `synchronous` stays at SQLite's default (FULL): once a webhook is answered 2xx Allo will not
 * send it again, so the event must survive a power cut, not just a crash. The volume is tiny.
 *
 * Retention: dedupe keys 48 h (Allo retries for about 27 h and can replay), finished events
 * 48 h, finished notifications 30 days (they also keep the once-per-item rule for replays).
 */
import "server-only";
import { mkdirSync } from "node:fs";
import path from "node:path";
import BetterSqlite3, { type Database } from "better-sqlite3";
import type { MatchReason } from "../rules.server";
import type { SlackMessage } from "../message.server";
import { migrate } from "./sqlite-migrations.server";
import type {
  ClaimOptions,
  ClaimedDelivery,
  DeliveryOutcome,
  DestinationKind,
  EventVerdict,
  NewEvent,
  NewNotification,
  NotificationListEntry,
  NotificationStatus,
  NotificationStore,
  NotificationSummary,
  PruneResult,
  StoredEvent,
} from "./notification-store";

export const DATABASE_FILE_NAME = "callview.sqlite";
export const DEDUPE_RETENTION_MS = 48 * 60 * 60_000;
export const EVENT_RETENTION_MS = 48 * 60 * 60_000;
export const NOTIFICATION_RETENTION_MS = 30 * 24 * 60 * 60_000;

export type SqliteStoreOptions = {
  /** Created (recursively) if missing. */
  dataDir: string;
  busyTimeoutMs?: number;
};

type EventRow = {
  id: number;
  webhook_id: string;
  topic: string;
  item_id: string | null;
  tags_json: string;
  event_timestamp_ms: number | null;
  received_at_ms: number;
  attempts: number;
  note: string | null;
};

type NotificationRow = {
  id: string;
  item_id: string;
  rule_id: string;
  destination_id: string;
  destination_kind: DestinationKind;
  destination_label: string;
  topic: string;
  reason_kind: MatchReason["kind"];
  reason_text: string;
  moment_seconds: number | null;
  link: string;
  payload_json: string;
  is_test: number;
  status: NotificationStatus;
  attempts: number;
  created_at_ms: number;
  next_attempt_at_ms: number | null;
  delivered_at_ms: number | null;
  last_http_status: number | null;
  last_error: string | null;
};

const DUPLICATE = Symbol("duplicate");

function toEvent(row: EventRow): StoredEvent {
  return {
    id: row.id,
    webhookId: row.webhook_id,
    topic: row.topic,
    itemId: row.item_id,
    tags: JSON.parse(row.tags_json) as string[],
    eventTimestampMs: row.event_timestamp_ms,
    receivedAtMs: row.received_at_ms,
    attempts: row.attempts,
    note: row.note,
  };
}

function toSummary(row: NotificationRow): NotificationSummary {
  return {
    id: row.id,
    itemId: row.item_id,
    ruleId: row.rule_id,
    destinationKind: row.destination_kind,
    destinationLabel: row.destination_label,
    reason: { kind: row.reason_kind, text: row.reason_text },
    momentSeconds: row.moment_seconds,
    status: row.status,
    createdAtMs: row.created_at_ms,
    deliveredAtMs: row.delivered_at_ms,
    isTest: row.is_test === 1,
  };
}

function toListEntry(row: NotificationRow): NotificationListEntry {
  return {
    ...toSummary(row),
    topic: row.topic,
    destinationId: row.destination_id,
    link: row.link,
    attempts: row.attempts,
    nextAttemptAtMs: row.next_attempt_at_ms,
    lastHttpStatus: row.last_http_status,
    lastError: row.last_error,
    preview: row.destination_kind === "preview" ? (JSON.parse(row.payload_json) as SlackMessage) : null,
  };
}

export function databasePath(dataDir: string): string {
  return path.join(path.resolve(dataDir), DATABASE_FILE_NAME);
}

export function openSqliteNotificationStore(options: SqliteStoreOptions): NotificationStore {
  mkdirSync(path.resolve(options.dataDir), { recursive: true });
  const db: Database = new BetterSqlite3(databasePath(options.dataDir));
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5_000))}`);
  db.pragma("journal_mode = WAL");
  migrate(db);

  const statements = {
    insertEvent: db.prepare(`INSERT INTO events
      (webhook_id, topic, item_id, tags_json, event_timestamp_ms, received_at_ms, status, next_attempt_at_ms)
      VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)`),
    insertKey: db.prepare(
      "INSERT OR IGNORE INTO dedupe_keys (key, event_id, expires_at_ms) VALUES (?, ?, ?)",
    ),
    claimEvents: db.prepare(`UPDATE events SET lease_owner = ?, lease_until_ms = ?, attempts = attempts + 1
      WHERE id IN (
        SELECT id FROM events
        WHERE status = 'pending' AND next_attempt_at_ms <= ? AND (lease_until_ms IS NULL OR lease_until_ms <= ?)
        ORDER BY next_attempt_at_ms, id LIMIT ?)
      RETURNING id, webhook_id, topic, item_id, tags_json, event_timestamp_ms, received_at_ms, attempts, note`),
    finishEvent: db.prepare(`UPDATE events SET status = 'done', verdict = ?, finished_at_ms = ?,
      lease_owner = NULL, lease_until_ms = NULL WHERE id = ?`),
    deferEvent: db.prepare(`UPDATE events SET next_attempt_at_ms = ?, note = ?, lease_owner = NULL,
      lease_until_ms = NULL WHERE id = ? AND status = 'pending'`),
    insertNotification: db.prepare(`INSERT OR IGNORE INTO notifications
      (id, event_id, item_id, rule_id, destination_id, destination_kind, destination_label, topic, reason_kind,
       reason_text, moment_seconds, link, payload_json, is_test, status, created_at_ms, next_attempt_at_ms,
       updated_at_ms)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)`),
    claimDeliveries: db.prepare(`UPDATE notifications SET lease_owner = ?, lease_until_ms = ?
      WHERE id IN (
        SELECT id FROM notifications
        WHERE status IN ('pending', 'retrying') AND next_attempt_at_ms <= ?
          AND (lease_until_ms IS NULL OR lease_until_ms <= ?)
        ORDER BY next_attempt_at_ms, rowid LIMIT ?)
      RETURNING rowid AS seq, id, destination_id, destination_kind, payload_json, created_at_ms, attempts`),
    recordAttempt: db.prepare(`UPDATE notifications SET status = @status, attempts = attempts + 1,
      next_attempt_at_ms = @next, delivered_at_ms = @deliveredAt, last_http_status = @httpStatus,
      last_error = @error, lease_owner = NULL, lease_until_ms = NULL, updated_at_ms = @now
      WHERE id = @id AND status IN ('pending', 'retrying')`),
    postpone: db.prepare(`UPDATE notifications SET next_attempt_at_ms = ?, lease_owner = NULL,
      lease_until_ms = NULL WHERE id = ? AND status IN ('pending', 'retrying')`),
    destinationState: db.prepare(
      "SELECT next_slot_at_ms, paused_until_ms FROM destination_state WHERE destination_key = ?",
    ),
    reserveSlot: db.prepare(`INSERT INTO destination_state (destination_key, next_slot_at_ms) VALUES (?, ?)
      ON CONFLICT (destination_key) DO UPDATE SET next_slot_at_ms = excluded.next_slot_at_ms`),
    pause: db.prepare(`INSERT INTO destination_state (destination_key, paused_until_ms) VALUES (?, ?)
      ON CONFLICT (destination_key) DO UPDATE SET paused_until_ms = MAX(paused_until_ms, excluded.paused_until_ms)`),
    getNotification: db.prepare("SELECT * FROM notifications WHERE id = ?"),
    listNotifications: db.prepare(
      "SELECT * FROM notifications ORDER BY created_at_ms DESC, rowid DESC LIMIT ?",
    ),
    pruneKeys: db.prepare("DELETE FROM dedupe_keys WHERE expires_at_ms <= ?"),
    pruneEvents: db.prepare("DELETE FROM events WHERE status = 'done' AND finished_at_ms <= ?"),
    pruneNotifications: db.prepare(
      "DELETE FROM notifications WHERE status IN ('delivered', 'previewed', 'failed') AND created_at_ms <= ?",
    ),
  };

  function insertNotifications(
    list: readonly NewNotification[],
    eventId: number | null,
    nowMs: number,
  ): number {
    let inserted = 0;
    for (const n of list) {
      inserted += statements.insertNotification.run(
        n.id,
        eventId,
        n.itemId,
        n.ruleId,
        n.destinationId,
        n.destinationKind,
        n.destinationLabel,
        n.topic,
        n.reason.kind,
        n.reason.text,
        n.momentSeconds,
        n.link,
        JSON.stringify(n.payload),
        n.isTest ? 1 : 0,
        n.createdAtMs,
        n.createdAtMs,
        nowMs,
      ).changes;
    }
    return inserted;
  }

  const recordEventTx = db.transaction((event: NewEvent) => {
    const { lastInsertRowid } = statements.insertEvent.run(
      event.webhookId,
      event.topic,
      event.itemId,
      JSON.stringify(event.tags),
      event.eventTimestampMs,
      event.receivedAtMs,
      event.receivedAtMs,
    );
    for (const key of event.dedupeKeys) {
      const { changes } = statements.insertKey.run(
        key,
        lastInsertRowid,
        event.receivedAtMs + DEDUPE_RETENTION_MS,
      );
      // Throwing rolls the transaction back: a duplicate leaves no trace.
      if (changes === 0) throw DUPLICATE;
    }
  });

  const finishEventTx = db.transaction(
    (eventId: number, verdict: EventVerdict, list: readonly NewNotification[], nowMs: number) => {
      const inserted = insertNotifications(list, eventId, nowMs);
      statements.finishEvent.run(verdict, nowMs, eventId);
      return inserted;
    },
  );

  const addNotificationsTx = db.transaction((list: readonly NewNotification[], nowMs: number) =>
    insertNotifications(list, null, nowMs),
  );

  const reserveTx = db.transaction((key: string, nowMs: number, intervalMs: number): number => {
    const state = statements.destinationState.get(key) as
      { next_slot_at_ms: number; paused_until_ms: number } | undefined;
    const readyAt = Math.max(state?.next_slot_at_ms ?? 0, state?.paused_until_ms ?? 0);
    if (readyAt > nowMs) return readyAt - nowMs;
    statements.reserveSlot.run(key, nowMs + intervalMs);
    return 0;
  });

  const pruneTx = db.transaction((nowMs: number): PruneResult => ({
    dedupeKeys: statements.pruneKeys.run(nowMs).changes,
    events: statements.pruneEvents.run(nowMs - EVENT_RETENTION_MS).changes,
    notifications: statements.pruneNotifications.run(nowMs - NOTIFICATION_RETENTION_MS).changes,
  }));

  const store: NotificationStore = {
    async recordEvent(event) {
      try {
        recordEventTx.immediate(event);
        return "recorded";
      } catch (error) {
        if (error === DUPLICATE) return "duplicate";
        throw error;
      }
    },

    async claimDueEvents({ nowMs, limit, leaseMs, owner }: ClaimOptions) {
      const rows = statements.claimEvents.all(owner, nowMs + leaseMs, nowMs, nowMs, limit) as EventRow[];
      return rows.map(toEvent).sort((a, b) => a.id - b.id);
    },

    async finishEvent(eventId, { verdict, notifications, nowMs }) {
      return { inserted: finishEventTx.immediate(eventId, verdict, notifications, nowMs) };
    },

    async deferEvent(eventId, { untilMs, note }) {
      statements.deferEvent.run(untilMs, note, eventId);
    },

    async addNotifications(notifications) {
      const nowMs = Math.max(0, ...notifications.map((n) => n.createdAtMs));
      return { inserted: addNotificationsTx.immediate(notifications, nowMs) };
    },

    async claimDueDeliveries({ nowMs, limit, leaseMs, owner }: ClaimOptions) {
      const rows = statements.claimDeliveries.all(owner, nowMs + leaseMs, nowMs, nowMs, limit) as {
        seq: number;
        id: string;
        destination_id: string;
        destination_kind: DestinationKind;
        payload_json: string;
        created_at_ms: number;
        attempts: number;
      }[];
      // Oldest first (insertion order), so one destination's messages go out in the order they arose.
      return rows
        .sort((a, b) => a.seq - b.seq)
        .map((row): ClaimedDelivery => ({
          id: row.id,
          destinationId: row.destination_id,
          destinationKind: row.destination_kind,
          payload: JSON.parse(row.payload_json) as unknown,
          createdAtMs: row.created_at_ms,
          attempts: row.attempts,
        }));
    },

    async recordDeliveryAttempt(id, outcome: DeliveryOutcome, { nowMs, nextAttemptAtMs }) {
      if (outcome.kind === "retry" && nextAttemptAtMs === undefined) {
        throw new Error("recordDeliveryAttempt: a retry needs nextAttemptAtMs");
      }
      const final = outcome.kind !== "retry";
      statements.recordAttempt.run({
        id,
        now: nowMs,
        status:
          outcome.kind === "retry"
            ? "retrying"
            : outcome.kind === "delivered"
              ? "delivered"
              : outcome.kind === "previewed"
                ? "previewed"
                : "failed",
        next: final ? null : nextAttemptAtMs,
        deliveredAt: outcome.kind === "delivered" || outcome.kind === "previewed" ? nowMs : null,
        httpStatus: outcome.kind === "previewed" ? null : outcome.httpStatus,
        error: outcome.kind === "retry" || outcome.kind === "failed" ? outcome.error : null,
      });
    },

    async postponeDelivery(id, untilMs) {
      statements.postpone.run(untilMs, id);
    },

    async reserveDestinationSlot(destinationKey, nowMs, intervalMs) {
      return reserveTx.immediate(destinationKey, nowMs, intervalMs);
    },

    async pauseDestination(destinationKey, untilMs) {
      statements.pause.run(destinationKey, untilMs);
    },

    async getNotification(id) {
      const row = statements.getNotification.get(id) as NotificationRow | undefined;
      return row ? toSummary(row) : null;
    },

    async listRecentNotifications(limit) {
      const rows = statements.listNotifications.all(Math.max(1, Math.min(limit, 1_000))) as NotificationRow[];
      return rows.map(toListEntry);
    },

    async prune(nowMs) {
      return pruneTx.immediate(nowMs);
    },

    async close() {
      if (db.open) db.close();
    },
  };
  return store;
}
