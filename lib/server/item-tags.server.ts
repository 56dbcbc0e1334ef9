/**
 * Tags an agent changes from the page: the workspace's tags (for the picker, cached a few
 * minutes) and adding or removing one tag on a call, through the write limiter.
 *
 * A change:
 * - is refused unless the key has TAGS_WRITE (the page hides the control too) and the item is a
 *   call (Allo's tags apply to calls only);
 * - carries an `Idempotency-Key` derived from the browser's key for this intent, the user, the
 *   item, the action and the tag: a retry of the same intent replays at Allo, and the same
 *   browser key can never stand for two different changes;
 * - counts "already so" (409 TAG_ALREADY_EXISTS, 404 TAG_NOT_FOUND) as success;
 * - invalidates the cached item afterwards, whatever happened (a timed-out write may still have
 *   landed), so the next read sees Allo's truth;
 * - writes one audit line.
 */
import "server-only";
import { createHash } from "node:crypto";
import type { AlloCallResult } from "@/lib/allo/client.server";
import { itemKindFromId } from "@/lib/allo/item-id";
import {
  addItemTag,
  listWorkspaceTags,
  removeItemTag,
  type TagWriteOutcome,
  type WorkspaceTag,
} from "@/lib/allo/tags.server";
import { CallviewError } from "@/lib/api/errors";
import { alloRuntime } from "./allo.server";
import { auditTagChange, type AuditActor } from "./audit.server";
import { forgetCapabilities, keyCapabilities } from "./capabilities.server";
import { createKeyedCache, type KeyedCache, type KeyedCacheOutcome } from "./keyed-cache.server";
import { runtimeState } from "./runtime-state.server";

/** Workspace tags change rarely; a new one shows in the picker within this long. */
export const WORKSPACE_TAGS_TTL_MS = 5 * 60_000;

type TagsResult = AlloCallResult<WorkspaceTag[]>;

function tagsCache(): KeyedCache<TagsResult> {
  return runtimeState("workspace-tags", (runtime) =>
    createKeyedCache<TagsResult>((_key, context) => listWorkspaceTags(runtime.client, context), {
      ttlFor: (result) => (result.ok ? WORKSPACE_TAGS_TTL_MS : 0),
      bytesOf: (result) => (result.ok ? result.bodyBytes : 0),
      cancelled: () => ({
        ok: false,
        attempts: 0,
        upstream: null,
        error: new CallviewError({ code: "UPSTREAM_UNAVAILABLE", retryable: true, message: "Cancelled." }),
      }),
      maxBytes: 1024 * 1024,
    }),
  );
}

export async function workspaceTags(context: {
  requestId: string;
  signal?: AbortSignal;
  user?: string | null;
}): Promise<
  { ok: true; tags: WorkspaceTag[]; cache: KeyedCacheOutcome } | { ok: false; error: CallviewError }
> {
  const { result, outcome } = await tagsCache().get("tags", context);
  if (!result.ok) return { ok: false, error: result.error.withRequestId(context.requestId) };
  return { ok: true, tags: result.value, cache: outcome };
}

export type TagChangeRequest = {
  action: "add" | "remove";
  itemId: string;
  tag: string;
  /** The browser's key for this intent (one per click, the same on its retries). */
  browserKey: string;
  requestId: string;
  /** Fair-share key of the viewer; also part of the idempotency key. */
  user: string | null;
  actor: AuditActor;
};

export type TagChangeResult = { ok: true; outcome: TagWriteOutcome } | { ok: false; error: CallviewError };

/** The key sent to Allo: stable for one intent, different for any other. */
export function upstreamIdempotencyKey(
  change: Pick<TagChangeRequest, "action" | "itemId" | "tag" | "browserKey" | "user">,
) {
  const digest = createHash("sha256")
    .update([change.browserKey, change.user ?? "", change.itemId, change.action, change.tag].join("\n"))
    .digest("base64url");
  return `cv_${digest.slice(0, 40)}`;
}

export async function changeItemTag(change: TagChangeRequest): Promise<TagChangeResult> {
  const { requestId, itemId, tag, action } = change;
  const audit = (outcome: "changed" | "already" | "refused" | "failed", error?: CallviewError) =>
    auditTagChange({
      ...change.actor,
      requestId,
      itemId,
      tag,
      action,
      outcome,
      errorCode: error?.code,
      upstreamStatus: error?.upstreamStatus,
    });

  if (itemKindFromId(itemId) === "message") {
    const error = new CallviewError({
      code: "TAGS_NOT_SUPPORTED",
      param: "id",
      requestId,
      message: "Messages cannot be tagged in Allo; tags apply to calls only.",
    });
    audit("refused", error);
    return { ok: false, error };
  }
  if (!(await keyCapabilities({ requestId })).canEditTags) {
    const error = new CallviewError({
      code: "TAG_EDITING_NOT_ALLOWED",
      requestId,
      message: "This dashboard's Allo key may not change tags (it lacks the TAGS_WRITE scope).",
    });
    audit("refused", error);
    return { ok: false, error };
  }

  const runtime = alloRuntime();
  const write = {
    itemId,
    tag,
    idempotencyKey: upstreamIdempotencyKey(change),
    requestId,
    user: change.user,
    // No signal: once an agent has asked for a change, it is carried out (and audited) even if
    // the tab closes meanwhile.
  };
  const result =
    action === "add" ? await addItemTag(runtime.client, write) : await removeItemTag(runtime.client, write);
  // Whatever happened, the cached item may now be wrong (a timed-out write may have landed).
  await runtime.items.invalidate(itemId);

  if (!result.ok) {
    if (result.error.code === "UPSTREAM_AUTH_REJECTED" && result.error.upstreamStatus === 403) {
      await forgetCapabilities();
    }
    const error = result.error.withRequestId(requestId);
    audit(
      result.error.upstreamStatus !== null && result.error.upstreamStatus < 500 ? "refused" : "failed",
      error,
    );
    return { ok: false, error };
  }
  audit(result.value);
  return { ok: true, outcome: result.value };
}
