/**
 * The notification store on Redis, for several Callview instances sharing one outbox, one set of
 * dedupe keys and one pace per destination. Same contract as the SQLite store
 * (./notification-store); the shared contract tests run against both.
 *
 * Every write that touches more than one key is one Lua script, so it is atomic: Redis runs a
 * script to the end before anything else, and a script either ran or did not. A caller that
 * timed out cannot know which (the answer was lost): the retry is then safe, because every
 * script is idempotent in effect (a recorded event comes back as a duplicate, a notification id
 * or (item, rule, destination) already stored is skipped).
 *
 * Times are the caller's clock (`nowMs` in the contract), never Redis's, so tests are
 * deterministic and the two stores agree. Dedupe keys also carry a real TTL (PX 48 h) so they go
 * away even if pruning never runs; `prune` removes them on the caller's clock.
 *
 * Records are hashes of flat fields; scripts never decode JSON (cjson turns `[]` into `{}` and
 * rounds numbers), so the stored payload is the exact string JSON.stringify produced. A missing
 * field is null. Key layout and durability requirements: docs/decisions/0009-redis.md.
 *
 * Scripts build per-record keys (`…event:<id>`) from a prefix: fine on one Redis (with replicas
 * or Sentinel); Redis Cluster would need every key in one slot (a `{hash tag}` in the namespace).
 */
import "server-only";
import type { MatchReason } from "../rules.server";
import type { SlackMessage } from "../message.server";
import {
  defineLuaScript,
  type CallviewRedis,
  type RedisScriptArgument,
} from "@/lib/server/redis/redis-client.server";
import type {
  ClaimOptions,
  ClaimedDelivery,
  DeliveryOutcome,
  DestinationKind,
  NewNotification,
  NotificationListEntry,
  NotificationStatus,
  NotificationStore,
  NotificationSummary,
  PruneResult,
  StoredEvent,
} from "./notification-store";

/** The same retention as the SQLite store. */
export const DEDUPE_RETENTION_MS = 48 * 60 * 60_000;
export const EVENT_RETENTION_MS = 48 * 60 * 60_000;
export const NOTIFICATION_RETENTION_MS = 30 * 24 * 60 * 60_000;
/** Records pruned per script run, so one run never blocks Redis for long. */
const PRUNE_BATCH = 500;

export type RedisStoreOptions = {
  redis: CallviewRedis;
  /** Close the connection with the store (a connection made for this store alone). Default: no. */
  ownsConnection?: boolean;
};

/**
 * Zero-padded sequence numbers make sorted-set members sort like integers, so equal scores
 * (same due time) come out in insertion order, as SQLite's rowid does.
 */
const PAD = "%016d";

// recordEvent. KEYS: event-seq, events:due, dedupe-expiry, dedupe keys…
// ARGV: event key prefix, receivedAtMs, retention ms, expires-at ms, hash field/value pairs…
// Checks every dedupe key before writing anything: a duplicate leaves no trace.
const RECORD_EVENT = defineLuaScript(
  "recordEvent",
  `
for i = 4, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then return 0 end
end
local id = redis.call('INCR', KEYS[1])
local fields = {}
for i = 5, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', ARGV[1] .. id, 'id', id, 'status', 'pending', 'attempts', 0,
  'nextAttemptAtMs', ARGV[2], unpack(fields))
redis.call('ZADD', KEYS[2], ARGV[2], string.format('${PAD}', id))
for i = 4, #KEYS do
  redis.call('SET', KEYS[i], id, 'PX', ARGV[3])
  redis.call('ZADD', KEYS[3], ARGV[4], KEYS[i])
end
return id
`,
);

// claimDueEvents. KEYS: events:due. ARGV: event key prefix, now, lease until, owner, limit.
// A member's score is when it may be claimed next: its due time, then its lease's end, so an
// expired lease is simply due again.
const CLAIM_EVENTS = defineLuaScript(
  "claimDueEvents",
  `
local members = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2], 'LIMIT', 0, tonumber(ARGV[5]))
local out = {}
for _, member in ipairs(members) do
  local key = ARGV[1] .. tonumber(member)
  if redis.call('HGET', key, 'status') == 'pending' then
    redis.call('HSET', key, 'leaseOwner', ARGV[4], 'leaseUntilMs', ARGV[3])
    redis.call('HINCRBY', key, 'attempts', 1)
    redis.call('ZADD', KEYS[1], ARGV[3], member)
    out[#out + 1] = redis.call('HGETALL', key)
  else
    redis.call('ZREM', KEYS[1], member)
  end
end
return out
`,
);

// finishEvent and addNotifications. KEYS: events:due, events:done, notification-seq, once,
// deliveries:due, recent. ARGV: event key prefix, notification key prefix, event id ('' for
// none), verdict, now, notification count, then per notification: id, once field ('' for a
// test), createdAtMs, pair count, field/value pairs…
// Inserts the notifications (skipping a known id, and a known (item, rule, destination) unless
// it is a test) and closes the event, in one step.
const FINISH = defineLuaScript(
  "finishEvent",
  `
local inserted = 0
local i = 7
for n = 1, tonumber(ARGV[6]) do
  local id, once, createdAt, count = ARGV[i], ARGV[i + 1], ARGV[i + 2], tonumber(ARGV[i + 3])
  local fields = {}
  for j = i + 4, i + 3 + count * 2 do fields[#fields + 1] = ARGV[j] end
  i = i + 4 + count * 2
  local key = ARGV[2] .. id
  if redis.call('EXISTS', key) == 0 and (once == '' or redis.call('HEXISTS', KEYS[4], once) == 0) then
    local member = string.format('${PAD}', redis.call('INCR', KEYS[3])) .. ':' .. id
    redis.call('HSET', key, 'member', member, 'status', 'pending', 'attempts', 0,
      'nextAttemptAtMs', createdAt, 'updatedAtMs', ARGV[5], unpack(fields))
    if once ~= '' then
      redis.call('HSET', key, 'once', once)
      redis.call('HSET', KEYS[4], once, id)
    end
    redis.call('ZADD', KEYS[5], createdAt, member)
    redis.call('ZADD', KEYS[6], createdAt, member)
    inserted = inserted + 1
  end
end
if ARGV[3] ~= '' then
  local key = ARGV[1] .. ARGV[3]
  if redis.call('EXISTS', key) == 1 then
    redis.call('HSET', key, 'status', 'done', 'verdict', ARGV[4], 'finishedAtMs', ARGV[5])
    redis.call('HDEL', key, 'leaseOwner', 'leaseUntilMs')
    redis.call('ZREM', KEYS[1], string.format('${PAD}', tonumber(ARGV[3])))
    redis.call('ZADD', KEYS[2], ARGV[5], ARGV[3])
  end
end
return inserted
`,
);

// deferEvent. KEYS: events:due. ARGV: event key prefix, id, until, note.
const DEFER_EVENT = defineLuaScript(
  "deferEvent",
  `
local key = ARGV[1] .. ARGV[2]
if redis.call('HGET', key, 'status') ~= 'pending' then return 0 end
redis.call('HSET', key, 'nextAttemptAtMs', ARGV[3], 'note', ARGV[4])
redis.call('HDEL', key, 'leaseOwner', 'leaseUntilMs')
redis.call('ZADD', KEYS[1], ARGV[3], string.format('${PAD}', tonumber(ARGV[2])))
return 1
`,
);

// claimDueDeliveries. KEYS: deliveries:due. ARGV: notification key prefix, now, lease until,
// owner, limit. Members are '<seq>:<id>'; the id starts at character 18.
const CLAIM_DELIVERIES = defineLuaScript(
  "claimDueDeliveries",
  `
local members = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2], 'LIMIT', 0, tonumber(ARGV[5]))
local out = {}
for _, member in ipairs(members) do
  local key = ARGV[1] .. string.sub(member, 18)
  local status = redis.call('HGET', key, 'status')
  if status == 'pending' or status == 'retrying' then
    redis.call('HSET', key, 'leaseOwner', ARGV[4], 'leaseUntilMs', ARGV[3])
    redis.call('ZADD', KEYS[1], ARGV[3], member)
    out[#out + 1] = redis.call('HGETALL', key)
  else
    redis.call('ZREM', KEYS[1], member)
  end
end
return out
`,
);

// recordDeliveryAttempt. KEYS: deliveries:due, deliveries:done. ARGV: notification key prefix,
// id, final ('1'/'0'), next attempt at ('' when final), pair count, field/value pairs to set,
// then fields to delete. Only a delivery still pending or retrying changes: a late report from
// a process whose lease had expired changes nothing.
const RECORD_ATTEMPT = defineLuaScript(
  "recordDeliveryAttempt",
  `
local key = ARGV[1] .. ARGV[2]
local status = redis.call('HGET', key, 'status')
if status ~= 'pending' and status ~= 'retrying' then return 0 end
local count = tonumber(ARGV[5])
local fields = {}
for i = 6, 5 + count * 2 do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', key, unpack(fields))
redis.call('HINCRBY', key, 'attempts', 1)
for i = 6 + count * 2, #ARGV do redis.call('HDEL', key, ARGV[i]) end
local member = redis.call('HGET', key, 'member')
if ARGV[3] == '1' then
  redis.call('ZREM', KEYS[1], member)
  redis.call('ZADD', KEYS[2], redis.call('HGET', key, 'createdAtMs'), member)
else
  redis.call('ZADD', KEYS[1], ARGV[4], member)
end
return 1
`,
);

// postponeDelivery. KEYS: deliveries:due. ARGV: notification key prefix, id, until.
const POSTPONE = defineLuaScript(
  "postponeDelivery",
  `
local key = ARGV[1] .. ARGV[2]
local status = redis.call('HGET', key, 'status')
if status ~= 'pending' and status ~= 'retrying' then return 0 end
redis.call('HSET', key, 'nextAttemptAtMs', ARGV[3])
redis.call('HDEL', key, 'leaseOwner', 'leaseUntilMs')
redis.call('ZADD', KEYS[1], ARGV[3], redis.call('HGET', key, 'member'))
return 1
`,
);

// reserveDestinationSlot. KEYS: destination hash. ARGV: now, interval. Read and reserve in one
// step: this is what holds Slack to one message per interval across every instance.
const RESERVE_SLOT = defineLuaScript(
  "reserveDestinationSlot",
  `
local state = redis.call('HMGET', KEYS[1], 'nextSlotAtMs', 'pausedUntilMs')
local readyAt = math.max(tonumber(state[1]) or 0, tonumber(state[2]) or 0)
local now = tonumber(ARGV[1])
if readyAt > now then return readyAt - now end
redis.call('HSET', KEYS[1], 'nextSlotAtMs', string.format('%d', now + tonumber(ARGV[2])))
return 0
`,
);

// pauseDestination. KEYS: destination hash. ARGV: until. Never shortens a pause.
const PAUSE = defineLuaScript(
  "pauseDestination",
  `
local current = tonumber(redis.call('HGET', KEYS[1], 'pausedUntilMs')) or 0
if tonumber(ARGV[1]) > current then redis.call('HSET', KEYS[1], 'pausedUntilMs', ARGV[1]) end
return 1
`,
);

// getNotification. KEYS: the notification hash.
const GET = defineLuaScript("getNotification", `return redis.call('HGETALL', KEYS[1])`);

// listRecentNotifications. KEYS: recent. ARGV: notification key prefix, limit. One consistent
// snapshot, newest first (equal times: latest inserted first).
const LIST = defineLuaScript(
  "listRecentNotifications",
  `
local members = redis.call('ZREVRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1)
local out = {}
for _, member in ipairs(members) do
  local row = redis.call('HGETALL', ARGV[1] .. string.sub(member, 18))
  if #row > 0 then out[#out + 1] = row end
end
return out
`,
);

// prune. KEYS: dedupe-expiry, events:done, deliveries:done, recent, once. ARGV: event key
// prefix, notification key prefix, now, events finished before, notifications created before,
// batch. Finished notifications release their (item, rule, destination), as deleting the row
// does in SQLite; pending ones are never pruned.
const PRUNE = defineLuaScript(
  "prune",
  `
local batch = tonumber(ARGV[6])
local keys = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[3], 'LIMIT', 0, batch)
for _, key in ipairs(keys) do
  redis.call('DEL', key)
  redis.call('ZREM', KEYS[1], key)
end
local events = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[4], 'LIMIT', 0, batch)
for _, id in ipairs(events) do
  redis.call('DEL', ARGV[1] .. id)
  redis.call('ZREM', KEYS[2], id)
end
local done = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', ARGV[5], 'LIMIT', 0, batch)
for _, member in ipairs(done) do
  local id = string.sub(member, 18)
  local key = ARGV[2] .. id
  local once = redis.call('HGET', key, 'once')
  if once and redis.call('HGET', KEYS[5], once) == id then redis.call('HDEL', KEYS[5], once) end
  redis.call('DEL', key)
  redis.call('ZREM', KEYS[3], member)
  redis.call('ZREM', KEYS[4], member)
end
return { #keys, #events, #done }
`,
);

type Row = Record<string, string>;

function asArray(reply: unknown, what: string): unknown[] {
  if (!Array.isArray(reply)) throw new Error(`Unexpected Redis reply to ${what}`);
  return reply;
}

function asNumber(reply: unknown, what: string): number {
  const value = typeof reply === "number" ? reply : typeof reply === "string" ? Number(reply) : NaN;
  if (!Number.isFinite(value)) throw new Error(`Unexpected Redis reply to ${what}`);
  return value;
}

/** HGETALL inside a script answers a flat [field, value, …] list. */
function toRow(reply: unknown, what: string): Row {
  const flat = asArray(reply, what);
  const row: Row = {};
  for (let i = 0; i + 1 < flat.length; i += 2) row[String(flat[i])] = String(flat[i + 1]);
  return row;
}

function text(row: Row, field: string): string {
  const value = row[field];
  if (value === undefined) throw new Error(`Notification store record lacks ${field}`);
  return value;
}

function optionalText(row: Row, field: string): string | null {
  return row[field] ?? null;
}

function num(row: Row, field: string): number {
  return Number(text(row, field));
}

function optionalNum(row: Row, field: string): number | null {
  const value = row[field];
  return value === undefined ? null : Number(value);
}

function toEvent(row: Row): StoredEvent {
  return {
    id: num(row, "id"),
    webhookId: text(row, "webhookId"),
    topic: text(row, "topic"),
    itemId: optionalText(row, "itemId"),
    tags: JSON.parse(text(row, "tags")) as string[],
    eventTimestampMs: optionalNum(row, "eventTimestampMs"),
    receivedAtMs: num(row, "receivedAtMs"),
    attempts: num(row, "attempts"),
    note: optionalText(row, "note"),
  };
}

function toSummary(row: Row): NotificationSummary {
  return {
    id: text(row, "id"),
    itemId: text(row, "itemId"),
    ruleId: text(row, "ruleId"),
    destinationKind: text(row, "destinationKind") as DestinationKind,
    destinationLabel: text(row, "destinationLabel"),
    reason: { kind: text(row, "reasonKind") as MatchReason["kind"], text: text(row, "reasonText") },
    momentSeconds: optionalNum(row, "momentSeconds"),
    status: text(row, "status") as NotificationStatus,
    createdAtMs: num(row, "createdAtMs"),
    deliveredAtMs: optionalNum(row, "deliveredAtMs"),
    isTest: row.isTest === "1",
  };
}

function toListEntry(row: Row): NotificationListEntry {
  const kind = text(row, "destinationKind") as DestinationKind;
  return {
    ...toSummary(row),
    topic: text(row, "topic"),
    destinationId: text(row, "destinationId"),
    link: text(row, "link"),
    attempts: num(row, "attempts"),
    nextAttemptAtMs: optionalNum(row, "nextAttemptAtMs"),
    lastHttpStatus: optionalNum(row, "lastHttpStatus"),
    lastError: optionalText(row, "lastError"),
    preview: kind === "preview" ? (JSON.parse(text(row, "payload")) as SlackMessage) : null,
  };
}

/** Field/value pairs, leaving out nulls (a missing field reads back as null). */
function pairs(fields: Record<string, string | number | null>): string[] {
  return Object.entries(fields).flatMap(([field, value]) => (value === null ? [] : [field, String(value)]));
}

/** The once-per-(item, rule, destination) key; JSON so no id can forge a separator. */
function onceField(n: NewNotification): string {
  return n.isTest ? "" : JSON.stringify([n.itemId, n.ruleId, n.destinationId]);
}

function notificationArgs(n: NewNotification, eventId: number | null): RedisScriptArgument[] {
  const fields = pairs({
    id: n.id,
    eventId,
    itemId: n.itemId,
    ruleId: n.ruleId,
    destinationId: n.destinationId,
    destinationKind: n.destinationKind,
    destinationLabel: n.destinationLabel,
    topic: n.topic,
    reasonKind: n.reason.kind,
    reasonText: n.reason.text,
    momentSeconds: n.momentSeconds,
    link: n.link,
    payload: JSON.stringify(n.payload) ?? "null",
    isTest: n.isTest ? "1" : "0",
    createdAtMs: n.createdAtMs,
  });
  return [n.id, onceField(n), n.createdAtMs, fields.length / 2, ...fields];
}

function statusOf(outcome: DeliveryOutcome): NotificationStatus {
  switch (outcome.kind) {
    case "retry":
      return "retrying";
    case "delivered":
      return "delivered";
    case "previewed":
      return "previewed";
    case "failed":
      return "failed";
  }
}

export function openRedisNotificationStore(options: RedisStoreOptions): NotificationStore {
  const { redis } = options;
  const key = (...parts: string[]) => redis.key("notify", ...parts);
  const keys = {
    eventSeq: key("event-seq"),
    eventsDue: key("events", "due"),
    eventsDone: key("events", "done"),
    dedupeExpiry: key("dedupe-expiry"),
    notificationSeq: key("notification-seq"),
    once: key("once"),
    deliveriesDue: key("deliveries", "due"),
    deliveriesDone: key("deliveries", "done"),
    recent: key("recent"),
  };
  const eventPrefix = key("event", "");
  const notificationPrefix = key("notification", "");
  const dedupeKey = (dedupe: string) => key("dedupe", dedupe);
  const destinationKey = (destination: string) => key("destination", destination);

  let closed = false;
  const script = (
    lua: Parameters<CallviewRedis["evalScript"]>[0],
    scriptKeys: readonly string[],
    args: readonly RedisScriptArgument[],
  ) => {
    if (closed) return Promise.reject(new Error("The notification store is closed."));
    return redis.evalScript(lua, scriptKeys, args);
  };

  function finish(
    eventId: number | null,
    verdict: string,
    list: readonly NewNotification[],
    nowMs: number,
  ): Promise<number> {
    return script(
      FINISH,
      [keys.eventsDue, keys.eventsDone, keys.notificationSeq, keys.once, keys.deliveriesDue, keys.recent],
      [
        eventPrefix,
        notificationPrefix,
        eventId === null ? "" : eventId,
        verdict,
        nowMs,
        list.length,
        ...list.flatMap((n) => notificationArgs(n, eventId)),
      ],
    ).then((reply) => asNumber(reply, "finishEvent"));
  }

  const store: NotificationStore = {
    async recordEvent(event) {
      const dedupeKeys = [...new Set(event.dedupeKeys)].map(dedupeKey);
      const fields = pairs({
        webhookId: event.webhookId,
        topic: event.topic,
        itemId: event.itemId,
        tags: JSON.stringify(event.tags),
        eventTimestampMs: event.eventTimestampMs,
        receivedAtMs: event.receivedAtMs,
      });
      const reply = await script(
        RECORD_EVENT,
        [keys.eventSeq, keys.eventsDue, keys.dedupeExpiry, ...dedupeKeys],
        [
          eventPrefix,
          event.receivedAtMs,
          DEDUPE_RETENTION_MS,
          event.receivedAtMs + DEDUPE_RETENTION_MS,
          ...fields,
        ],
      );
      return asNumber(reply, "recordEvent") === 0 ? "duplicate" : "recorded";
    },

    async claimDueEvents({ nowMs, limit, leaseMs, owner }: ClaimOptions) {
      const reply = await script(
        CLAIM_EVENTS,
        [keys.eventsDue],
        [eventPrefix, nowMs, nowMs + leaseMs, owner, Math.max(0, Math.floor(limit))],
      );
      return asArray(reply, "claimDueEvents")
        .map((row) => toEvent(toRow(row, "claimDueEvents")))
        .sort((a, b) => a.id - b.id);
    },

    async finishEvent(eventId, { verdict, notifications, nowMs }) {
      return { inserted: await finish(eventId, verdict, notifications, nowMs) };
    },

    async deferEvent(eventId, { untilMs, note }) {
      await script(DEFER_EVENT, [keys.eventsDue], [eventPrefix, eventId, untilMs, note]);
    },

    async addNotifications(notifications) {
      const nowMs = Math.max(0, ...notifications.map((n) => n.createdAtMs));
      return { inserted: await finish(null, "", notifications, nowMs) };
    },

    async claimDueDeliveries({ nowMs, limit, leaseMs, owner }: ClaimOptions) {
      const reply = await script(
        CLAIM_DELIVERIES,
        [keys.deliveriesDue],
        [notificationPrefix, nowMs, nowMs + leaseMs, owner, Math.max(0, Math.floor(limit))],
      );
      // Oldest first (insertion order), so one destination's messages go out in the order they arose.
      return asArray(reply, "claimDueDeliveries")
        .map((raw) => toRow(raw, "claimDueDeliveries"))
        .sort((a, b) => (text(a, "member") < text(b, "member") ? -1 : 1))
        .map((row): ClaimedDelivery => ({
          id: text(row, "id"),
          destinationId: text(row, "destinationId"),
          destinationKind: text(row, "destinationKind") as DestinationKind,
          payload: JSON.parse(text(row, "payload")) as unknown,
          createdAtMs: num(row, "createdAtMs"),
          attempts: num(row, "attempts"),
        }));
    },

    async recordDeliveryAttempt(id, outcome, { nowMs, nextAttemptAtMs }) {
      if (outcome.kind === "retry" && nextAttemptAtMs === undefined) {
        throw new Error("recordDeliveryAttempt: a retry needs nextAttemptAtMs");
      }
      const final = outcome.kind !== "retry";
      const values: Record<string, string | number | null> = {
        status: statusOf(outcome),
        updatedAtMs: nowMs,
        nextAttemptAtMs: final ? null : (nextAttemptAtMs ?? null),
        deliveredAtMs: outcome.kind === "delivered" || outcome.kind === "previewed" ? nowMs : null,
        lastHttpStatus: outcome.kind === "previewed" ? null : outcome.httpStatus,
        lastError: outcome.kind === "retry" || outcome.kind === "failed" ? outcome.error : null,
      };
      const set = pairs(values);
      const unset = [
        ...Object.keys(values).filter((field) => values[field] === null),
        "leaseOwner",
        "leaseUntilMs",
      ];
      await script(
        RECORD_ATTEMPT,
        [keys.deliveriesDue, keys.deliveriesDone],
        [
          notificationPrefix,
          id,
          final ? "1" : "0",
          final ? "" : (nextAttemptAtMs ?? ""),
          set.length / 2,
          ...set,
          ...unset,
        ],
      );
    },

    async postponeDelivery(id, untilMs) {
      await script(POSTPONE, [keys.deliveriesDue], [notificationPrefix, id, untilMs]);
    },

    async reserveDestinationSlot(destination, nowMs, intervalMs) {
      const reply = await script(RESERVE_SLOT, [destinationKey(destination)], [nowMs, intervalMs]);
      return asNumber(reply, "reserveDestinationSlot");
    },

    async pauseDestination(destination, untilMs) {
      await script(PAUSE, [destinationKey(destination)], [untilMs]);
    },

    async getNotification(id) {
      const row = toRow(await script(GET, [notificationPrefix + id], []), "getNotification");
      return row.id === undefined ? null : toSummary(row);
    },

    async listRecentNotifications(limit) {
      const reply = await script(
        LIST,
        [keys.recent],
        [notificationPrefix, Math.max(1, Math.min(limit, 1_000))],
      );
      return asArray(reply, "listRecentNotifications").map((row) =>
        toListEntry(toRow(row, "listRecentNotifications")),
      );
    },

    async prune(nowMs) {
      const total: PruneResult = { dedupeKeys: 0, events: 0, notifications: 0 };
      for (;;) {
        const reply = asArray(
          await script(
            PRUNE,
            [keys.dedupeExpiry, keys.eventsDone, keys.deliveriesDone, keys.recent, keys.once],
            [
              eventPrefix,
              notificationPrefix,
              nowMs,
              nowMs - EVENT_RETENTION_MS,
              nowMs - NOTIFICATION_RETENTION_MS,
              PRUNE_BATCH,
            ],
          ),
          "prune",
        ).map((count) => asNumber(count, "prune"));
        const [dedupeKeys = 0, events = 0, notifications = 0] = reply;
        total.dedupeKeys += dedupeKeys;
        total.events += events;
        total.notifications += notifications;
        if (Math.max(dedupeKeys, events, notifications) < PRUNE_BATCH) return total;
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      if (options.ownsConnection) await redis.close();
    },
  };
  return store;
}
