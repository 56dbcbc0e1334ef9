/**
 * When the browser retries a failed item lookup by itself: one policy for every query of an
 * item (the page view and the summary poller share the query, so they must agree).
 */
import { CallviewError } from "@/lib/api/errors";
import { errorStateFor } from "./error-state";

/**
 * Delay before the next automatic attempt, or null for none. `attempt` counts failures so far
 * (0 = the first). Rate limiting keeps trying for ~15 minutes, honouring Retry-After; an
 * unavailable or slow Allo gets four more tries; anything permanent gets none.
 */
export function autoRetryDelayMs(error: unknown, attempt: number): number | null {
  if (!(error instanceof CallviewError)) return attempt < 4 ? Math.min(30_000, 2_000 * 2 ** attempt) : null;
  if (!error.retryable) return null;
  const state = errorStateFor(error.code);
  if (state === "rate-limited") {
    if (attempt >= 30) return null;
    // Honour Retry-After for the first few tries (Allo's limit is per second, so it usually
    // clears at once); only a limit that persists backs off further, up to 30 s.
    const hinted = Math.max(1, error.retryAfterSeconds ?? 1) * 1000;
    return attempt < 3 ? hinted : Math.min(30_000, Math.max(hinted, 2_000 * 2 ** (attempt - 3)));
  }
  if (state === "upstream-down" || state === "upstream-slow" || state === "unexpected") {
    return attempt < 4 ? Math.min(30_000, 3_000 * 2 ** attempt) : null;
  }
  return null;
}
