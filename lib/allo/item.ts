/**
 * Zod-free facts about Allo items, safe to import from browser code (the schemas in ./schemas
 * would pull zod into the client bundle). Types are derived from the schemas, type-only.
 */
import type { AlloItem } from "./schemas";

export type { AlloContact, AlloDeal, AlloItem, AlloItemInput, AlloUser, TranscriptSegment } from "./schemas";

/** ISO 8601 to epoch ms; v1 sometimes sent timestamps without a zone, which we read as UTC. */
export function parseAlloTimestamp(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(value)) return null;
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(value);
  const ms = Date.parse(hasZone ? value : `${value}Z`);
  return Number.isFinite(ms) ? ms : null;
}

/**
 * Every call result seen in Allo's docs and clients (the set is open: others are kept as
 * given), and whether anyone spoke. This is the one list: labels and schemas derive from it.
 */
const CALL_RESULT_HAD_CONVERSATION = {
  ANSWERED: true,
  MISSED: false,
  VOICEMAIL: true,
  TRANSFERRED: true,
  TRANSFERRED_AI: true,
  TRANSFERRED_EXTERNAL: true,
  BLOCKED: false,
  FAILED: false,
} as const;

export type KnownCallResult = keyof typeof CALL_RESULT_HAD_CONVERSATION;

export const KNOWN_CALL_RESULTS = Object.keys(CALL_RESULT_HAD_CONVERSATION) as [
  KnownCallResult,
  ...KnownCallResult[],
];

export function isKnownCallResult(value: string): value is KnownCallResult {
  return Object.hasOwn(CALL_RESULT_HAD_CONVERSATION, value);
}

/**
 * Results after which nobody spoke (missed, blocked, failed): there is no recording, no
 * transcript, and Allo never produces a summary, so nothing should wait for one.
 */
export function resultHasNoConversation(result: string | null): boolean {
  if (result === null) return false;
  const upper = result.trim().toUpperCase();
  return isKnownCallResult(upper) && !CALL_RESULT_HAD_CONVERSATION[upper];
}
export const KNOWN_SOURCES = ["USER", "EXTERNAL", "AGENT"] as const;
export const KNOWN_DIRECTIONS = ["INBOUND", "OUTBOUND"] as const;
/** `SMS` per the v2 docs, `TEXT_MESSAGE` per v1 and live reports: both mean a message. */
export const KNOWN_ITEM_TYPES = ["CALL", "SMS", "TEXT_MESSAGE"] as const;
export const KNOWN_MESSAGE_TYPES = ["SMS", "MMS"] as const;

/**
 * Whether an item is a call. The id prefix is authoritative (the docs tie `cll-` to calls);
 * `type` is the fallback for drifted ids.
 */
export function isCall(item: Pick<AlloItem, "id" | "type">): boolean {
  if (/^cll[-_]/.test(item.id)) return true;
  if (/^msg[-_]/.test(item.id)) return false;
  return item.type.toUpperCase() === "CALL";
}
