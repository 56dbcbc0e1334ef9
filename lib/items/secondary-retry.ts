/**
 * When the page's secondary data (history, workspace tags, capabilities) retries by itself:
 * only when the dashboard is rate limited, honouring Retry-After with the tab's jitter
 * (./retry-policy.ts), a few times. Any other failure is shown at once with a Retry button:
 * the item is already on screen, and a panel that keeps spinning helps nobody.
 */
import { CallviewError } from "@/lib/api/errors";
import { errorStateFor } from "./error-state";
import { autoRetryDelayMs, tabJitterSeed } from "./retry-policy";

const MAX_AUTOMATIC_RETRIES = 3;

export function secondaryRetryDelayMs(error: unknown, failureCount: number): number | null {
  if (!(error instanceof CallviewError) || errorStateFor(error.code) !== "rate-limited") return null;
  if (failureCount >= MAX_AUTOMATIC_RETRIES) return null;
  return autoRetryDelayMs(error, failureCount, tabJitterSeed());
}

/** `retry` and `retryDelay` for TanStack Query, from the rule above. */
export const secondaryRetry = {
  retry: (failureCount: number, error: unknown) => secondaryRetryDelayMs(error, failureCount) !== null,
  retryDelay: (failureCount: number, error: unknown) => secondaryRetryDelayMs(error, failureCount) ?? 0,
};
