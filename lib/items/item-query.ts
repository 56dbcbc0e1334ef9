/**
 * The one query-options module for an Allo item, shared by the server prefetch (which swaps
 * in the server-side client as queryFn) and the browser (which fetches /api/items/{id}).
 */
import { queryOptions } from "@tanstack/react-query";
import { CallviewError, errorFromWire } from "@/lib/allo/errors";
import { autoRetryDelayMs } from "./retry-policy";
import type { AlloItem } from "@/lib/allo/item";

export const itemQueryKey = (id: string) => ["allo-item", id, "transcript"] as const;

export async function fetchItemFromApi(id: string, signal?: AbortSignal): Promise<AlloItem> {
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
function isItemEnvelope(body: unknown): body is { data: AlloItem } {
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

export function itemQueryOptions(id: string) {
  return queryOptions({
    queryKey: itemQueryKey(id),
    queryFn: ({ signal }) => fetchItemFromApi(id, signal),
    // A call item barely changes once its summary exists; polling for a pending summary is
    // driven explicitly by the summary panel (see components/call-view/use-pending-summary).
    staleTime: 60_000,
    retry: (failureCount, error) => autoRetryDelayMs(error, failureCount) !== null,
    retryDelay: (failureCount, error) => autoRetryDelayMs(error, failureCount) ?? 0,
  });
}
