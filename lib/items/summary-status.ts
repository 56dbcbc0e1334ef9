/**
 * Whether a call's summary is still to come. One rule for the page (which polls and reserves
 * space) and the server cache (which keeps such an item only briefly), so they never disagree.
 */
import { isCall, parseAlloTimestamp, resultHasNoConversation, type AlloItem } from "@/lib/allo/item";

/** How long after a call ends a missing summary is still worth waiting for. */
const SUMMARY_RECENT_WINDOW_MS = 30 * 60_000;
export type SummaryExpectation = "ready" | "wait" | "missed" | "no-conversation" | "old" | "not-a-call";

export function summaryExpectation(item: AlloItem, nowMs: number): SummaryExpectation {
  if (!isCall(item)) return "not-a-call";
  if (item.summary !== null) return "ready";
  if (item.result?.toUpperCase() === "MISSED") return "missed";
  if (resultHasNoConversation(item.result)) return "no-conversation";
  const startedAt = parseAlloTimestamp(item.date);
  if (startedAt === null) return "old";
  return summaryMayArrive(item, nowMs) ? "wait" : "old";
}

/**
 * Whether a summary could still appear while the agent looks at the page: the summary panel
 * then reserves its full height, so the arrival doesn't push the player and transcript down.
 */
export function summaryMayArrive(item: AlloItem, nowMs: number): boolean {
  if (!isCall(item) || resultHasNoConversation(item.result)) return false;
  const startedAt = parseAlloTimestamp(item.date);
  if (startedAt === null) return false;
  return nowMs - (startedAt + (item.duration ?? 0) * 1000) <= SUMMARY_RECENT_WINDOW_MS;
}
