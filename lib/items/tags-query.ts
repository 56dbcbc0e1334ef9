/**
 * The one query-options module for tags: the workspace's tags for the picker
 * (GET /api/tags), and the change requests (POST /api/items/{id}/tags,
 * DELETE /api/items/{id}/tags/{tag}) with the pure rules for applying a change optimistically
 * and undoing it.
 *
 * One intent, one key: every change carries an `Idempotency-Key` made when the agent clicks;
 * React Query's retries of that change send the same key, so the server (and Allo) replay it
 * instead of applying it twice.
 */
import { queryOptions } from "@tanstack/react-query";
import { CallviewError } from "@/lib/api/errors";
import { isRecord, requestJson, unreadableAnswer } from "./api-json";
import { errorStateFor } from "./error-state";
import { autoRetryDelayMs, tabJitterSeed } from "./retry-policy";
import { secondaryRetry } from "./secondary-retry";

export type WorkspaceTag = { key: string; name: string };

export const workspaceTagsQueryKey = ["workspace-tags"] as const;

export async function fetchWorkspaceTags(signal?: AbortSignal): Promise<WorkspaceTag[]> {
  const body = await requestJson("/api/tags", { signal });
  const data = isRecord(body) ? body.data : null;
  if (
    !Array.isArray(data) ||
    !data.every((tag) => isRecord(tag) && typeof tag.key === "string" && typeof tag.name === "string")
  ) {
    throw unreadableAnswer("a tag list");
  }
  return data as WorkspaceTag[];
}

export function workspaceTagsQueryOptions() {
  return queryOptions({
    queryKey: workspaceTagsQueryKey,
    queryFn: ({ signal }) => fetchWorkspaceTags(signal),
    staleTime: 5 * 60_000,
    ...secondaryRetry,
  });
}

/** One change an agent asked for. `position` is where the tag sat, to put it back on failure. */
export type TagChange = {
  action: "add" | "remove";
  tag: string;
  idempotencyKey: string;
  position: number;
};

export type TagChangeAnswer = { outcome: "changed" | "already" };

export const tagChangeMutationKey = (id: string) => ["tag-change", id] as const;

/** A fresh key for a new intent (never for a retry of one). */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

export async function sendTagChange(id: string, change: TagChange): Promise<TagChangeAnswer> {
  const base = `/api/items/${encodeURIComponent(id)}/tags`;
  const headers = { "idempotency-key": change.idempotencyKey, "content-type": "application/json" };
  const body =
    change.action === "add"
      ? await requestJson(base, { method: "POST", headers, body: JSON.stringify({ tag: change.tag }) })
      : await requestJson(`${base}/${encodeURIComponent(change.tag)}`, { method: "DELETE", headers });
  const data = isRecord(body) ? body.data : null;
  if (!isRecord(data) || (data.outcome !== "changed" && data.outcome !== "already")) {
    throw unreadableAnswer("a tag change");
  }
  return { outcome: data.outcome };
}

/** The tags with the change applied (what the page shows while it is on its way). */
export function applyTagChange(tags: readonly string[], change: TagChange): string[] {
  if (change.action === "add") return tags.includes(change.tag) ? [...tags] : [...tags, change.tag];
  return tags.filter((tag) => tag !== change.tag);
}

/** The tags with a failed change undone, leaving any other change alone. */
export function undoTagChange(tags: readonly string[], change: TagChange): string[] {
  if (change.action === "add") return tags.filter((tag) => tag !== change.tag);
  if (tags.includes(change.tag)) return [...tags];
  const at = Math.min(Math.max(0, change.position), tags.length);
  return [...tags.slice(0, at), change.tag, ...tags.slice(at)];
}

/**
 * A change is retried by itself (with the same key) only when the dashboard was not reached
 * (a network error) or said to wait (rate limited), twice at most. An outage at Allo has
 * already been retried by the server's client, so the page says so at once and undoes it.
 */
export function tagChangeRetryDelayMs(error: unknown, failureCount: number): number | null {
  if (failureCount >= 2) return null;
  if (!(error instanceof CallviewError)) return 1_000;
  if (errorStateFor(error.code) !== "rate-limited") return null;
  return autoRetryDelayMs(error, failureCount, tabJitterSeed());
}

/** What the agent reads when a change could not be made, and the change was undone. */
export function tagChangeFailure(change: TagChange, error: unknown): string {
  const what = change.action === "add" ? `add tag ${change.tag}` : `remove tag ${change.tag}`;
  const why = error instanceof CallviewError ? error.message : "The dashboard could not be reached.";
  return `Couldn't ${what}: ${why} ${change.action === "add" ? "It was taken off again." : "It was put back."}`;
}

/** A tag as the page shows it: on the item, on its way on, or on its way off. */
export type ShownTag = { tag: string; state: "saved" | "adding" | "removing" };

/**
 * The item's tags (changes already applied optimistically) plus the ones being removed, kept
 * in place until Allo confirms: nothing moves under the pointer, so the second click of a
 * double click lands on the same tag, not on its neighbour.
 */
export function tagsWithPending(tags: readonly string[], pending: readonly TagChange[]): ShownTag[] {
  const shown: ShownTag[] = tags.map((tag) => ({
    tag,
    state: pending.some((change) => change.action === "add" && change.tag === tag) ? "adding" : "saved",
  }));
  const removals = pending
    .filter((change) => change.action === "remove" && !tags.includes(change.tag))
    .sort((a, b) => a.position - b.position);
  for (const change of removals) {
    if (shown.some((entry) => entry.tag === change.tag)) continue;
    shown.splice(Math.min(Math.max(0, change.position), shown.length), 0, {
      tag: change.tag,
      state: "removing",
    });
  }
  return shown;
}
