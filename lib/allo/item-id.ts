/**
 * Item id rules, shared by the route handlers, the page and the home-page link parser.
 * Zod-free so browser code can use them; the zod request schemas are in ./request-schemas.
 */

/** Longest id body we accept; Allo's ids are ~6–24 characters, so 64 is generous yet bounded. */
export const MAX_ITEM_ID_BODY = 64;

/**
 * `cll-`/`msg-` per the v2 docs; `_` is accepted too because other Allo pages spell ids
 * `cll_…` and the docs leave open which the API emits (docs/allo-api.md).
 */
export const ITEM_ID_PATTERN = new RegExp(
  `^(cll|msg)[-_][A-Za-z0-9][A-Za-z0-9_-]{0,${MAX_ITEM_ID_BODY - 1}}$`,
);

export const ITEM_ID_RULE =
  "Item ids start with cll- (calls) or msg- (messages), or cll_/msg_, followed by a letter or digit, then letters, digits, - or _.";

export type ItemKind = "call" | "message";

export function itemKindFromId(id: string): ItemKind {
  return id.startsWith("msg") ? "message" : "call";
}

export function isValidItemId(value: string): boolean {
  return ITEM_ID_PATTERN.test(value);
}
