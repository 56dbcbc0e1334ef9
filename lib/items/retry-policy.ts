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
 *
 * With a `jitterSeed` (one per browser tab, see `tabJitterSeed`) the delay grows by a spread
 * that depends only on the seed and the attempt: tabs told "retry in 1 s" together come back
 * spread over a second or more instead of all at once, yet one tab computes the same delay
 * every time it asks (React Query's retryDelay and the countdown on the page agree). The
 * delay never falls below the hint, since coming back earlier only meets the limit again.
 */
export function autoRetryDelayMs(error: unknown, attempt: number, jitterSeed?: number): number | null {
  const base = baseDelayMs(error, attempt);
  if (base === null || jitterSeed === undefined) return base;
  return base + Math.floor(unitInterval(jitterSeed, attempt) * jitterSpreadMs(base));
}

/** How far retries are spread: half the delay, and at least one second (the limiter's window). */
export function jitterSpreadMs(baseMs: number): number {
  return Math.max(1_000, baseMs / 2);
}

/** A number in [0, 1) from (seed, attempt): a small integer hash (mulberry32's mixing). */
function unitInterval(seed: number, attempt: number): number {
  let x = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(attempt + 1, 0x85ebca6b)) >>> 0;
  x = Math.imul(x ^ (x >>> 15), x | 1);
  x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
  return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
}

let tabSeed: number | null = null;

/** This tab's seed for retry jitter: random once per page load, then fixed. */
export function tabJitterSeed(): number {
  tabSeed ??= crypto.getRandomValues(new Uint32Array(1))[0]!;
  return tabSeed;
}

function baseDelayMs(error: unknown, attempt: number): number | null {
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
