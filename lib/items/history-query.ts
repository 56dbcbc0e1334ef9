/**
 * The one query-options module for an item's contact history (GET /api/items/{id}/history):
 * pages of rows, newest first, fetched by the browser after the page has painted (the server
 * render never waits for them). "Show more" asks for the next page.
 */
import { infiniteQueryOptions } from "@tanstack/react-query";
import type { HistoryPage, HistoryRow } from "./history-row";
import { isRecord, requestJson, unreadableAnswer } from "./api-json";
import { secondaryRetry } from "./secondary-retry";

export const historyQueryKey = (id: string) => ["item-history", id] as const;

const nullableString = (value: unknown) => value === null || typeof value === "string";

/** The server built the rows from validated items; the browser checks only what it renders. */
function isHistoryRow(value: unknown): value is HistoryRow {
  if (!isRecord(value)) return false;
  return (
    typeof value.id === "string" &&
    (value.kind === "call" || value.kind === "sms") &&
    typeof value.direction === "string" &&
    typeof value.date === "string" &&
    typeof value.href === "string" &&
    nullableString(value.result) &&
    nullableString(value.text) &&
    nullableString(value.teammate) &&
    (value.duration === null || typeof value.duration === "number")
  );
}

export async function fetchHistoryPage(id: string, page: number, signal?: AbortSignal): Promise<HistoryPage> {
  const body = await requestJson(`/api/items/${encodeURIComponent(id)}/history?page=${page}`, { signal });
  const data = isRecord(body) ? body.data : null;
  if (
    !isRecord(data) ||
    !Array.isArray(data.rows) ||
    !data.rows.every(isHistoryRow) ||
    typeof data.has_more !== "boolean" ||
    !nullableString(data.contact_number)
  ) {
    throw unreadableAnswer("a history");
  }
  return {
    contactNumber: data.contact_number as string | null,
    rows: data.rows,
    page: typeof data.page === "number" ? data.page : page,
    hasMore: data.has_more,
  };
}

export function historyQueryOptions(id: string) {
  return infiniteQueryOptions({
    queryKey: historyQueryKey(id),
    queryFn: ({ pageParam, signal }) => fetchHistoryPage(id, pageParam, signal),
    initialPageParam: 1,
    getNextPageParam: (last: HistoryPage) => (last.hasMore ? last.page + 1 : undefined),
    // The server keeps a page for a minute; the browser need not ask sooner.
    staleTime: 60_000,
    ...secondaryRetry,
  });
}
