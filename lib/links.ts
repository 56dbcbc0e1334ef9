/**
 * Links in and out of Callview: CRM link templates for contacts, companies and deals, and
 * the home-page parser that turns whatever an agent pastes into an item page address.
 */
import { ITEM_ID_PATTERN, MAX_ITEM_ID_BODY } from "@/lib/allo/item-id";
import { parseTimeParam } from "@/lib/format/time";
import { decodeOrKeep } from "@/lib/http/safe-decode";

/** Non-secret URL templates from the server configuration; `{id}` marks where the id goes. */
export type LinkTemplates = { contact: string | null; company: string | null; deal: string | null };

/**
 * Fills every `{id}` with the URL-encoded id. Returns null without a template, and for any
 * result that is not an http(s) URL, so a bad template can never produce a `javascript:` link.
 */
export function applyLinkTemplate(template: string | null, id: string): string | null {
  if (!template || id === "") return null;
  const href = template.replaceAll("{id}", encodeURIComponent(id));
  try {
    const url = new URL(href);
    return url.protocol === "https:" || url.protocol === "http:" ? href : null;
  } catch {
    return null;
  }
}

/** `/items/cll-abc` or `/items/cll-abc?t=1m2s`. */
export function itemPath(id: string, t?: string | null): string {
  const base = `/items/${encodeURIComponent(id)}`;
  return t ? `${base}?t=${encodeURIComponent(t)}` : base;
}

export type ItemReference =
  | { ok: true; id: string; t: string | null; href: string }
  | { ok: false; reason: "empty" | "no-id" | "too-long" };

/** Longest paste we look at; a real link is far shorter, and this bounds the regex work. */
const MAX_INPUT_LENGTH = 2_000;

const ID_IN_TEXT = new RegExp(
  `(?:^|[^A-Za-z0-9_-])((?:cll|msg)[-_][A-Za-z0-9_-]{1,${MAX_ITEM_ID_BODY}})(?![A-Za-z0-9_-])`,
  "i",
);

/**
 * Accepts a bare id (`cll-abc`, `msg_123`), a Callview link (`https://…/items/cll-abc?t=1m2s`,
 * keeping a valid `?t=`), or any Allo-style link or text that contains one id. Prefixes are
 * matched case-insensitively and lower-cased; the id body is kept exactly.
 */
export function parseItemReference(input: string): ItemReference {
  const text = input.trim().replace(/^["'<(\[]+|["'>)\].,;]+$/g, "");
  if (text === "") return { ok: false, reason: "empty" };
  if (text.length > MAX_INPUT_LENGTH) return { ok: false, reason: "too-long" };

  let t: string | null = null;
  let haystack = text;
  const url = parseUrl(text);
  if (url) {
    const rawT = url.searchParams.get("t");
    t = rawT !== null && parseTimeParam(rawT) !== null ? rawT.trim() : null;
    const fromPath = /\/items\/([^/?#]+)/.exec(url.pathname)?.[1];
    // An /items/ link names its id in the path; otherwise look anywhere (path, query, hash).
    haystack = decodeOrKeep(fromPath ?? `${url.pathname} ${url.search} ${url.hash}`);
  } else {
    // A path or bare id with a moment: `/items/cll-abc?t=1m2s`, `cll-abc?t=30`.
    const rawT = /[?&]t=([^&#\s]+)/.exec(text)?.[1];
    const decodedT = rawT === undefined ? null : decodeOrKeep(rawT);
    t = decodedT !== null && parseTimeParam(decodedT) !== null ? decodedT.trim() : null;
  }

  const match = ID_IN_TEXT.exec(haystack)?.[1];
  if (!match) return { ok: false, reason: "no-id" };
  const id = match.slice(0, 3).toLowerCase() + match.slice(3);
  if (!ITEM_ID_PATTERN.test(id)) return { ok: false, reason: "no-id" };
  return { ok: true, id, t, href: itemPath(id, t) };
}

function parseUrl(text: string): URL | null {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text) && !/^[\w.-]+\.[a-z]{2,}(:\d+)?\//i.test(text)) return null;
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
    return url.protocol === "http:" || url.protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}

/** What the home form says for each kind of bad input. */
export function itemReferenceError(reason: Extract<ItemReference, { ok: false }>["reason"]): string {
  switch (reason) {
    case "empty":
      return "Paste a Callview link or an item id, such as cll-abc123 or msg-abc123.";
    case "too-long":
      return "That text is too long to be a link. Paste just the Callview link or the item id.";
    case "no-id":
      return "That doesn't contain a call or message id. Ids start with cll- (calls) or msg- (messages).";
  }
}
