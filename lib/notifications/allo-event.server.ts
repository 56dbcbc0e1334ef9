/**
 * Allo's webhook envelope (`{topic, version, timestamp, data}`) read into a typed event.
 *
 * Only the start of `call.completed`'s data is documented and the `tag.*`/`sms.*` payloads are
 * not documented at all, so this reads tolerantly: the item id from `data.id`, `data.call_id` or
 * `data.item_id`; tags from `data.tag`, `data.key` or `data.tags` (strings or `{key}`/`{name}`
 * objects). The payload is only a hint of what happened: the engine fetches the item from Allo
 * and trusts that. Unknown topics are valid events (answered 2xx, recorded, then ignored).
 *
 * Dedupe keys: always the `webhook-id` (Allo delivers at least once). Allo does not deduplicate
 * `tag.added`/`tag.removed` itself, so those also get a key from what the event says.
 */
import "server-only";
import { z } from "zod";
import { parseAlloTimestamp } from "@/lib/allo/item";
import { isValidItemId } from "@/lib/allo/item-id";

export type AlloWebhookEvent = {
  webhookId: string;
  /** Lower-cased, e.g. `call.completed`; unknown topics are kept as sent. */
  topic: string;
  /** Envelope version (`2.0` today); informative only. */
  version: string | null;
  /** A valid `cll-`/`msg-` (or `_`) id, else null. */
  itemId: string | null;
  /** Tags the event names (for `tag.*`), lower-cased and de-duplicated. */
  tags: string[];
  /** The envelope `timestamp` (when Allo sent the event), epoch ms. */
  eventTimestampMs: number | null;
  dedupeKeys: string[];
};

export type AlloEventParse = { ok: true; event: AlloWebhookEvent } | { ok: false; error: string };

/** Topics whose events name an item and can therefore trigger a notification rule. */
export const ITEM_TOPICS = [
  "call.received",
  "call.triggered",
  "call.completed",
  "tag.added",
  "tag.removed",
  "sms.received",
  "sms.sent",
] as const;

const envelopeSchema = z.object({
  topic: z.string().trim().min(1).max(100),
  version: z.unknown().optional(),
  timestamp: z.unknown().optional(),
  data: z.unknown().optional(),
});

const MAX_TAGS = 50;
const MAX_TAG_LENGTH = 100;

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function itemIdFrom(data: Record<string, unknown>): string | null {
  for (const key of ["id", "call_id", "item_id"]) {
    const value = data[key];
    if (typeof value === "string" && isValidItemId(value.trim())) return value.trim();
  }
  return null;
}

function tagName(value: unknown): string | null {
  const raw = typeof value === "string" ? value : (record(value).key ?? record(value).name);
  if (typeof raw !== "string") return null;
  const tag = raw.trim().toLowerCase();
  return tag && tag.length <= MAX_TAG_LENGTH ? tag : null;
}

function tagsFrom(data: Record<string, unknown>): string[] {
  const candidates: unknown[] = [];
  for (const key of ["tag", "key"]) if (typeof data[key] === "string") candidates.push(data[key]);
  if (Array.isArray(data.tags)) candidates.push(...data.tags);
  // `tag` may also be an object ({key, name}) in some payload revision.
  if (typeof data.tag === "object" && data.tag !== null) candidates.push(data.tag);
  const tags = candidates.map(tagName).filter((tag): tag is string => tag !== null);
  return [...new Set(tags)].slice(0, MAX_TAGS);
}

/** ISO 8601 (microseconds allowed), or a Unix time in seconds or milliseconds. */
function timestampMs(value: unknown): number | null {
  if (typeof value === "string") return parseAlloTimestamp(value.trim());
  if (typeof value === "number" && Number.isFinite(value) && value > 0) {
    return value < 1e12 ? Math.round(value * 1000) : Math.round(value);
  }
  return null;
}

/** The dedupe keys of an event; see the module comment for why tags get their own. */
export function dedupeKeysFor(event: Omit<AlloWebhookEvent, "dedupeKeys">): string[] {
  const keys = [`webhook-id:${event.webhookId}`];
  const isTagEvent = event.topic === "tag.added" || event.topic === "tag.removed";
  // Without the payload time, an add, remove and re-add of one tag would look identical.
  if (isTagEvent && event.itemId && event.tags.length > 0 && event.eventTimestampMs !== null) {
    keys.push(`${event.topic}:${event.itemId}:${[...event.tags].sort().join(",")}:${event.eventTimestampMs}`);
  }
  return keys;
}

/** Reads a verified payload; fails only when it is not an envelope with a topic. */
export function parseAlloEvent(payload: unknown, webhookId: string): AlloEventParse {
  const parsed = envelopeSchema.safeParse(payload);
  if (!parsed.success) {
    return { ok: false, error: "The webhook body is not an Allo event: it needs a string `topic`." };
  }
  const data = record(parsed.data.data);
  const base = {
    webhookId,
    topic: parsed.data.topic.toLowerCase(),
    version: typeof parsed.data.version === "string" ? parsed.data.version : null,
    itemId: itemIdFrom(data),
    tags: tagsFrom(data),
    eventTimestampMs: timestampMs(parsed.data.timestamp),
  };
  return { ok: true, event: { ...base, dedupeKeys: dedupeKeysFor(base) } };
}
