/** Why a call has no recording (or transcript), in words an agent understands at a glance. */
import { resultHasNoConversation, type AlloItem } from "@/lib/allo/item";

export function noRecordingReason(item: Pick<AlloItem, "result">): string {
  if (resultHasNoConversation(item.result)) return "No recording: the call was not answered";
  const result = item.result?.trim().toUpperCase() ?? null;
  // Answered calls are recorded unless recording is switched off (per line or by compliance settings).
  if (result === "ANSWERED") return "No recording: recording was turned off for this call";
  return "No recording is available for this call";
}

export function noTranscriptReason(item: Pick<AlloItem, "result">): string {
  return resultHasNoConversation(item.result)
    ? "No transcript: nobody spoke on this call."
    : "No transcript is available for this call.";
}
