/**
 * Allo's tag endpoints (docs/allo-api.md, "Tags"):
 * - `GET /v2/api/tags`, the workspace's tags. Its response shape is not documented, so the
 *   reader tolerates `{data: [{key, name, …}]}` and the variants a team might meet (a bare
 *   array, `{data: {tags: […]}}`, `{tags: […]}`, plain strings, `slug`/`id` for the key and
 *   `label`/`display_name` for the name). Entries without a usable key are dropped.
 * - `POST /v2/api/conversations/items/{id}/tags` with `{"tags": [key]}` and
 *   `DELETE /v2/api/conversations/items/{id}/tags/{key}`: writes, with an `Idempotency-Key`.
 *   A 409 `TAG_ALREADY_EXISTS` (adding) or a 404 `TAG_NOT_FOUND` (removing) means what the
 *   agent wanted already holds, so both count as success ("already").
 */
import "server-only";
import { z } from "zod";
import type { AlloCallResult, AlloClient } from "./client.server";

export type WorkspaceTag = { key: string; name: string };

const text = z.string().trim().min(1).max(200);

const tagEntrySchema = z.union([
  text.transform((key): WorkspaceTag => ({ key, name: key })),
  z
    .object({
      key: text.nullish(),
      slug: text.nullish(),
      id: text.nullish(),
      name: text.nullish(),
      label: text.nullish(),
      display_name: text.nullish(),
    })
    .transform((entry) => {
      const key = entry.key ?? entry.slug ?? entry.id ?? null;
      return key === null ? null : { key, name: entry.name ?? entry.label ?? entry.display_name ?? key };
    }),
]);

/** Finds the list in the shapes seen or likely: `[…]`, `{data: […]}`, `{data: {tags|items: […]}}`, `{tags: […]}`. */
function tagList(json: unknown): unknown[] | null {
  if (Array.isArray(json)) return json;
  if (typeof json !== "object" || json === null) return null;
  const record = json as Record<string, unknown>;
  for (const candidate of [record.data, record.tags, record.items]) {
    if (Array.isArray(candidate)) return candidate;
    if (typeof candidate === "object" && candidate !== null) {
      const inner = candidate as Record<string, unknown>;
      if (Array.isArray(inner.tags)) return inner.tags;
      if (Array.isArray(inner.items)) return inner.items;
    }
  }
  return null;
}

/** The workspace's tags from any of the tolerated shapes, deduplicated by key, in Allo's order. */
export function readWorkspaceTags(
  json: unknown,
): { ok: true; value: WorkspaceTag[] } | { ok: false; where: string } {
  const list = tagList(json);
  if (list === null) return { ok: false, where: "(root): no list of tags" };
  const seen = new Set<string>();
  const tags: WorkspaceTag[] = [];
  for (const raw of list) {
    const parsed = tagEntrySchema.safeParse(raw);
    const tag = parsed.success ? parsed.data : null;
    if (tag === null || seen.has(tag.key)) continue;
    seen.add(tag.key);
    tags.push(tag);
  }
  return { ok: true, value: tags };
}

type CallContext = { requestId?: string; signal?: AbortSignal; user?: string | null };

export function listWorkspaceTags(
  client: Pick<AlloClient, "call">,
  context: CallContext = {},
): Promise<AlloCallResult<WorkspaceTag[]>> {
  return client.call({
    method: "GET",
    path: "/v2/api/tags",
    budget: "read",
    resource: "other",
    scope: "TAGS_READ",
    successBody: "json",
    parse: readWorkspaceTags,
    ...context,
  });
}

/** `changed`: Allo applied the change; `already`: it was already so (409 or 404 from Allo). */
export type TagWriteOutcome = "changed" | "already";

export type TagWrite = CallContext & {
  itemId: string;
  tag: string;
  /** Sent as `Idempotency-Key` on every attempt of this change. */
  idempotencyKey: string;
};

/** A refusal that means the intent already holds, turned into success. */
function alreadyHolds(
  result: AlloCallResult<TagWriteOutcome>,
  status: number,
  code: string,
): AlloCallResult<TagWriteOutcome> {
  if (result.ok || result.upstream?.status !== status || result.upstream.code !== code) return result;
  return {
    ok: true,
    value: "already",
    requestId: result.error.requestId ?? "",
    attempts: result.attempts,
    upstreamStatus: status,
    bodyBytes: 0,
  };
}

const itemTagsPath = (itemId: string) => `/v2/api/conversations/items/${encodeURIComponent(itemId)}/tags`;

/** One tag change: the same budget, scope, idempotency and empty success body either way. */
async function writeItemTag(
  client: Pick<AlloClient, "call">,
  write: TagWrite,
  request: { method: "POST" | "DELETE"; path: string; body?: unknown },
): Promise<AlloCallResult<TagWriteOutcome>> {
  const { itemId: _itemId, tag: _tag, idempotencyKey, ...context } = write;
  return client.call<TagWriteOutcome>({
    ...request,
    budget: "write",
    idempotencyKey,
    resource: "item",
    scope: "TAGS_WRITE",
    // Allo documents only the words "Tags added successfully", not a body.
    successBody: "ignore",
    parse: () => ({ ok: true, value: "changed" }),
    ...context,
  });
}

export async function addItemTag(
  client: Pick<AlloClient, "call">,
  write: TagWrite,
): Promise<AlloCallResult<TagWriteOutcome>> {
  const result = await writeItemTag(client, write, {
    method: "POST",
    path: itemTagsPath(write.itemId),
    body: { tags: [write.tag] },
  });
  return alreadyHolds(result, 409, "TAG_ALREADY_EXISTS");
}

export async function removeItemTag(
  client: Pick<AlloClient, "call">,
  write: TagWrite,
): Promise<AlloCallResult<TagWriteOutcome>> {
  const result = await writeItemTag(client, write, {
    method: "DELETE",
    path: `${itemTagsPath(write.itemId)}/${encodeURIComponent(write.tag)}`,
  });
  return alreadyHolds(result, 404, "TAG_NOT_FOUND");
}
