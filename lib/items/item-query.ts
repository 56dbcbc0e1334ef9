/**
 * The one query-options module for an Allo item. The server render puts the item it fetched
 * into a per-request QueryClient under `itemQueryKey` and hydrates it; the browser then only
 * fetches `/api/items/{id}` itself (polling for a pending summary, or recovering from a failure).
 * The retry policy lives here, so no caller sets `retry` or `retryDelay` itself.
 */
import { queryOptions } from "@tanstack/react-query";
import { CallviewError, errorFromWire } from "@/lib/api/errors";
import type { PublicItem } from "./public-item";
import { autoRetryDelayMs, tabJitterSeed } from "./retry-policy";

export const itemQueryKey = (id: string) => ["allo-item", id, "transcript"] as const;

async function fetchItemFromApi(id: string, signal?: AbortSignal): Promise<PublicItem> {
  const response = await fetch(`/api/items/${encodeURIComponent(id)}?extend=transcript`, {
    signal,
    headers: { accept: "application/json" },
  });
  const requestId = response.headers.get("x-request-id");
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) throw errorFromWire(body, response.status, requestId);
  if (!isItemEnvelope(body)) {
    throw new CallviewError({
      code: "UPSTREAM_INVALID_RESPONSE",
      requestId,
      message: "The dashboard answered with an item it could not read.",
    });
  }
  return body.data;
}

/**
 * The server validated the item with the full zod schema before sending it; the browser only
 * checks the envelope and the fields every view needs, which keeps zod out of the client bundle.
 */
function isItemEnvelope(body: unknown): body is { data: PublicItem } {
  if (typeof body !== "object" || body === null) return false;
  const data = (body as { data?: unknown }).data;
  if (typeof data !== "object" || data === null) return false;
  const item = data as Record<string, unknown>;
  return (
    typeof item.id === "string" &&
    typeof item.date === "string" &&
    typeof item.type === "string" &&
    Array.isArray(item.contacts)
  );
}

export type ItemQueryContext = {
  /** Failed attempts made before the browser's first one (the server render's), so backoff continues. */
  priorFailures?: number;
  /** Seed of the retry jitter; this tab's own by default (tests pass one). */
  jitterSeed?: number;
};

/**
 * Delay before the automatic retry that follows failure number `failureCount` (0-based), or null.
 * Deterministic per (tab, attempt): the retry itself and the countdown both ask this function.
 */
export function itemRetryDelayMs(error: unknown, failureCount: number, context: ItemQueryContext = {}) {
  return autoRetryDelayMs(
    error,
    failureCount + (context.priorFailures ?? 0),
    context.jitterSeed ?? tabJitterSeed(),
  );
}

export function itemQueryOptions(id: string, context: ItemQueryContext = {}) {
  return queryOptions({
    queryKey: itemQueryKey(id),
    queryFn: ({ signal }) => fetchItemFromApi(id, signal),
    // A call item barely changes once its summary exists; polling for a pending summary is
    // driven explicitly by the summary panel (see components/call-view/use-pending-summary).
    staleTime: 60_000,
    retry: (failureCount, error) => itemRetryDelayMs(error, failureCount, context) !== null,
    retryDelay: (failureCount, error) => itemRetryDelayMs(error, failureCount, context) ?? 0,
  });
}

/** The server's own failed attempt counts as the first, so the browser's backoff continues from it. */
const AFTER_SERVER_FAILURE: ItemQueryContext = { priorFailures: 1 };

/**
 * The browser's own attempts at an item the server could not show (its error page), one query
 * per failed page render (`serverRequestId`): an answer is only a signal to render the page
 * again, so it is never reused by a later page, nor mixed with the item's own query.
 */
export function itemRecoveryQueryOptions(id: string, serverRequestId: string | null) {
  return queryOptions({
    queryKey: [...itemQueryKey(id), "recovery", serverRequestId ?? ""] as const,
    queryFn: ({ signal }) => fetchItemFromApi(id, signal),
    staleTime: Infinity,
    gcTime: 0,
    retry: (failureCount, error) => itemRetryDelayMs(error, failureCount, AFTER_SERVER_FAILURE) !== null,
    retryDelay: (failureCount, error) => itemRetryDelayMs(error, failureCount, AFTER_SERVER_FAILURE) ?? 0,
  });
}

/** The delay before the browser's first own attempt, after the server's failure `error`. */
export function firstRecoveryDelayMs(error: unknown): number | null {
  return itemRetryDelayMs(error, 0);
}

/** The delay after the browser's own failure number `failureCount` (1-based, as React Query counts them). */
export function recoveryRetryDelayMs(error: unknown, failureCount: number): number | null {
  return itemRetryDelayMs(error, failureCount - 1, AFTER_SERVER_FAILURE);
}
