/**
 * The HTTP status of an item page, so that monitors, crawlers and link checkers see what the
 * agent sees: the page still renders its panel (never a bare error page), but a call Allo does
 * not know answers 404 and an outage answers 5xx, not 200.
 */
import type { CallviewError } from "./errors";

export type PageStatus = { status: number; retryAfterSeconds: number | null };

export function pageStatusFor(error: CallviewError | null): PageStatus {
  if (error === null) return { status: 200, retryAfterSeconds: null };
  switch (error.code) {
    // A page is not an API call: "too many requests" from upstream is this service being
    // unavailable for a moment, which is what 503 with Retry-After says to any client.
    case "RATE_LIMIT_EXCEEDED":
      return { status: 503, retryAfterSeconds: error.retryAfterSeconds ?? 1 };
    default:
      return { status: error.status, retryAfterSeconds: null };
  }
}

/**
 * The <title> of every page answered with 404. Next.js takes a 404 response's metadata from
 * the not-found boundary ((app)/not-found.tsx), whatever the page's own generateMetadata says,
 * so the item page's "not found" and the catch-all share this one title.
 */
export const NOT_FOUND_TITLE = "Not found";
