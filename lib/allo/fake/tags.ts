/**
 * The fake's tags: the workspace's tag list (`GET /v2/api/tags`) and the rules for adding and
 * removing tags on an item (`POST …/items/{id}/tags`, `DELETE …/items/{id}/tags/{tag}`), as
 * docs/allo-api.md states them. Items keep their tags in the seed objects themselves, so a
 * change shows on the next item GET and in searches; the fake's reset restores them.
 */
import type { AlloItemInput } from "../schemas";

/** A tag whose writes the fake answers with a 500, to show a failed change being rolled back. */
export const FAILING_TAG_KEY = "fails-to-save";

/**
 * The workspace's tags. Allo does not document this list's shape; the fake answers
 * `{data: [{key, name, color}]}`, the most likely reading (Callview tolerates others).
 */
export const WORKSPACE_TAGS: readonly { key: string; name: string; color: string }[] = [
  { key: "billing", name: "Billing", color: "#2563eb" },
  { key: "refund", name: "Refund", color: "#16a34a" },
  { key: "priority", name: "Priority", color: "#dc2626" },
  { key: "urgent", name: "Urgent", color: "#b91c1c" },
  { key: "callback", name: "Call back", color: "#d97706" },
  { key: "follow-up", name: "Follow-up", color: "#7c3aed" },
  { key: "renewal", name: "Renewal", color: "#0891b2" },
  { key: "add-on", name: "Add-on", color: "#0d9488" },
  { key: "onboarding", name: "Onboarding", color: "#4f46e5" },
  { key: "porting", name: "Porting", color: "#9333ea" },
  { key: "complaint", name: "Complaint", color: "#e11d48" },
  { key: "vip", name: "VIP", color: "#ca8a04" },
  { key: "lead", name: "Lead", color: "#65a30d" },
  { key: "resolved", name: "Resolved", color: "#059669" },
  { key: FAILING_TAG_KEY, name: "Fails to save (demo fault)", color: "#52525b" },
];

export type TagChange =
  | { ok: true }
  | { ok: false; status: 400 | 404 | 409; type: string; code: string; message: string; param?: string };

function callOnly(item: AlloItemInput): TagChange | null {
  if (item.id.startsWith("cll")) return null;
  // Undocumented for messages ("tags only apply to calls"); the fake refuses like a bad id.
  return {
    ok: false,
    status: 400,
    type: "validation_error",
    code: "INVALID_ITEM_ID",
    message: `Tags only apply to calls; '${item.id}' is a message.`,
    param: "id",
  };
}

/** `{"tags": [key, …]}`: every key must exist in the workspace; one already on the item → 409, nothing changes. */
export function addTags(item: AlloItemInput, body: unknown): TagChange {
  const refused = callOnly(item);
  if (refused) return refused;
  const tags = typeof body === "object" && body !== null ? (body as Record<string, unknown>).tags : undefined;
  if (!Array.isArray(tags) || tags.length === 0 || !tags.every((tag) => typeof tag === "string")) {
    return {
      ok: false,
      status: 400,
      type: "validation_error",
      code: "INVALID_REQUEST_BODY",
      message: 'The body must be {"tags": ["key", …]}.',
      param: "tags",
    };
  }
  const keys = tags as string[];
  const unknown = keys.find((key) => !WORKSPACE_TAGS.some((tag) => tag.key === key));
  if (unknown !== undefined) {
    // Undocumented; the fake refuses a key the workspace does not have as a bad parameter.
    return {
      ok: false,
      status: 400,
      type: "validation_error",
      code: "INVALID_PARAMETER",
      message: `Unknown tag '${unknown}'. Use a key from GET /v2/api/tags.`,
      param: "tags",
    };
  }
  const current = item.tags ?? [];
  const present = keys.find((key) => current.includes(key));
  if (present !== undefined) {
    return {
      ok: false,
      status: 409,
      type: "conflict_error",
      code: "TAG_ALREADY_EXISTS",
      message: `The tag '${present}' is already on this item.`,
      param: "tags",
    };
  }
  item.tags = [...current, ...new Set(keys)];
  return { ok: true };
}

/** Removes one key; a tag that is not on the item → 404 TAG_NOT_FOUND. */
export function removeTag(item: AlloItemInput, tag: string): TagChange {
  const refused = callOnly(item);
  if (refused) return refused;
  const current = item.tags ?? [];
  if (!current.includes(tag)) {
    return {
      ok: false,
      status: 404,
      type: "not_found_error",
      code: "TAG_NOT_FOUND",
      message: `The tag '${tag}' is not on this item.`,
      param: "tag",
    };
  }
  item.tags = current.filter((existing) => existing !== tag);
  return { ok: true };
}
