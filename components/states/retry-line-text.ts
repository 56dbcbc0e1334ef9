/**
 * What an error panel's retry line says in each phase of recovery, for the sighted ("retrying
 * in 3 s…") and for the live region (once per phase, not per second). Pure, so the server words
 * the first render and the engine (./item-recovery-engine) the live ones: the page that opens
 * on a call never carries it.
 */
import type { RecoveryPhase } from "./recovery-status";

export type RetryLineText = {
  /** The visible line, or none (nothing is retrying). */
  sentence: string | null;
  /** What the live region says. */
  announcement: string;
};

export function retryLineText(phase: RecoveryPhase, rateLimited: boolean): RetryLineText {
  let text: string | null;
  let announcement: string;
  switch (phase.kind) {
    case "countdown":
      text = `retrying in ${phase.secondsLeft} s…`;
      announcement = "Retrying automatically.";
      break;
    case "requesting":
      text = "retrying now…";
      announcement = "Retrying now.";
      break;
    case "soon":
      text = "retrying shortly…";
      announcement = "Retrying automatically.";
      break;
    case "stopped":
      text = rateLimited
        ? "still limited after several tries. Try again in a minute."
        : "still no answer after several tries. Try again in a minute.";
      announcement = "Automatic retries stopped.";
      break;
    default:
      return { sentence: null, announcement: "" };
  }
  const sentence = rateLimited
    ? `Allo is rate limiting this dashboard — ${text}`
    : `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
  return { sentence, announcement };
}
