/** Why a call has no recording, in words an agent understands at a glance. */
import type { AlloItem } from "@/lib/allo/schemas";

/** Results where nobody picked up, so there was never anything to record. */
const NOT_ANSWERED_RESULTS = new Set(["MISSED", "BLOCKED", "FAILED"]);

export function noRecordingReason(item: Pick<AlloItem, "result">): string {
  const result = item.result?.trim().toUpperCase() ?? null;
  if (result !== null && NOT_ANSWERED_RESULTS.has(result)) return "No recording: the call was not answered";
  // Answered calls are recorded unless recording is switched off (per line or by compliance settings).
  if (result === "ANSWERED") return "No recording: recording was turned off for this call";
  return "No recording is available for this call";
}
