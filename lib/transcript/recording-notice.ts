/** Why a call has no recording (or transcript), in words an agent understands at a glance. */
import type { AlloItem } from "@/lib/allo/item";

/** Results where nobody picked up, so there was never anything to record. */
const NOT_ANSWERED_RESULTS = new Set(["MISSED", "BLOCKED", "FAILED"]);

export function wasNotAnswered(item: Pick<AlloItem, "result">): boolean {
  const result = item.result?.trim().toUpperCase();
  return result !== undefined && NOT_ANSWERED_RESULTS.has(result);
}

export function noRecordingReason(item: Pick<AlloItem, "result">): string {
  if (wasNotAnswered(item)) return "No recording: the call was not answered";
  const result = item.result?.trim().toUpperCase() ?? null;
  // Answered calls are recorded unless recording is switched off (per line or by compliance settings).
  if (result === "ANSWERED") return "No recording: recording was turned off for this call";
  return "No recording is available for this call";
}

export function noTranscriptReason(item: Pick<AlloItem, "result">): string {
  return wasNotAnswered(item)
    ? "No transcript: nobody spoke on this call."
    : "No transcript is available for this call.";
}
