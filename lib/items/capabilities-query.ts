/**
 * The one query-options module for what this dashboard's Allo key lets agents do
 * (GET /api/capabilities): today, whether tags can be edited. The server learns it from
 * Allo and keeps it ten minutes; so does the browser.
 */
import { queryOptions } from "@tanstack/react-query";
import { isRecord, requestJson, unreadableAnswer } from "./api-json";
import { secondaryRetry } from "./secondary-retry";

export type Capabilities = { canEditTags: boolean };

export const capabilitiesQueryKey = ["capabilities"] as const;

export async function fetchCapabilities(signal?: AbortSignal): Promise<Capabilities> {
  const body = await requestJson("/api/capabilities", { signal });
  const data = isRecord(body) ? body.data : null;
  if (!isRecord(data) || typeof data.can_edit_tags !== "boolean") throw unreadableAnswer("capabilities");
  return { canEditTags: data.can_edit_tags };
}

export function capabilitiesQueryOptions() {
  return queryOptions({
    queryKey: capabilitiesQueryKey,
    queryFn: ({ signal }) => fetchCapabilities(signal),
    staleTime: 10 * 60_000,
    ...secondaryRetry,
  });
}
