/** Inputs of Callview's own routes, validated with zod before any upstream call. */
import "server-only";
import { z } from "zod";
import { ITEM_ID_PATTERN, ITEM_ID_RULE } from "@/lib/allo/item-id";
import { CallviewError } from "./errors";

const itemIdSchema = z.string().regex(ITEM_ID_PATTERN, { message: ITEM_ID_RULE });

/** Only `transcript` is supported by Allo (docs/allo-api.md); anything else is refused here. */
export const extendSchema = z
  .literal("transcript", { message: "The only supported extend value is transcript." })
  .optional();

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: CallviewError };

/** The `{id}` route parameter; a 400 INVALID_ITEM_ID otherwise. */
export function parseItemId(raw: string, requestId: string): Parsed<string> {
  const parsed = itemIdSchema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const message = parsed.error.issues[0]?.message ?? "Invalid item id.";
  return {
    ok: false,
    error: new CallviewError({ code: "INVALID_ITEM_ID", param: "id", requestId, message }),
  };
}

/** `?extend=`: absent or exactly one `transcript`; a 400 UNSUPPORTED_EXTEND_VALUE otherwise. */
export function parseExtend(searchParams: URLSearchParams, requestId: string): Parsed<boolean> {
  const values = searchParams.getAll("extend");
  const parsed = extendSchema.safeParse(values.length > 1 ? "" : values[0]);
  if (parsed.success) return { ok: true, value: parsed.data === "transcript" };
  return {
    ok: false,
    error: new CallviewError({
      code: "UNSUPPORTED_EXTEND_VALUE",
      param: "extend",
      requestId,
      message: "The only supported extend value is transcript.",
    }),
  };
}

/** The most pages of history one can ask for: 1,000 pages of 10 is far beyond any contact. */
export const MAX_HISTORY_PAGE = 1000;

const pageSchema = z
  .string()
  .regex(/^\d{1,4}$/, { message: "page must be a whole number" })
  .transform(Number)
  .pipe(z.number().int().min(1).max(MAX_HISTORY_PAGE));

/** `?page=`: absent (page 1) or one whole number from 1 to 1000; a 400 INVALID_PAGE otherwise. */
export function parseHistoryPage(searchParams: URLSearchParams, requestId: string): Parsed<number> {
  const values = searchParams.getAll("page");
  if (values.length === 0) return { ok: true, value: 1 };
  const parsed = values.length === 1 ? pageSchema.safeParse(values[0]) : null;
  if (parsed?.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    error: new CallviewError({
      code: "INVALID_PAGE",
      param: "page",
      requestId,
      message: `page must be one whole number from 1 to ${MAX_HISTORY_PAGE}.`,
    }),
  };
}

/**
 * A tag key: Allo's keys are short lowercase slugs, but items also carry tags in other scripts
 * (and removing one must work), so any text is accepted within bounds, without control
 * characters (they would only ever be a mistake or an attack on logs).
 */
const tagSchema = z
  .string()
  .trim()
  .min(1, { message: "tag must not be empty" })
  .max(100, { message: "tag must be at most 100 characters" })
  .refine((tag) => !/[\u0000-\u001f\u007f-\u009f]/.test(tag), {
    message: "tag must not contain control characters",
  });

const tagBodySchema = z.object({ tag: tagSchema });

function invalidTag(requestId: string, message: string): Parsed<never> {
  return { ok: false, error: new CallviewError({ code: "INVALID_TAG", param: "tag", requestId, message }) };
}

/** A body `{"tag": "…"}`; a 400 INVALID_TAG otherwise. */
export function parseTagBody(text: string, requestId: string): Parsed<string> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return invalidTag(requestId, 'The body must be JSON: {"tag": "<key>"}.');
  }
  const parsed = tagBodySchema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data.tag };
  return invalidTag(requestId, parsed.error.issues[0]?.message ?? 'The body must be {"tag": "<key>"}.');
}

/** The `{tag}` path segment (already decoded); a 400 INVALID_TAG otherwise. */
export function parseTagParam(raw: string, requestId: string): Parsed<string> {
  const parsed = tagSchema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  return invalidTag(requestId, parsed.error.issues[0]?.message ?? "Invalid tag.");
}

/** What the browser sends as `Idempotency-Key` (a UUID, or any such opaque token). */
const idempotencyKeySchema = z.string().regex(/^[A-Za-z0-9_-]{16,128}$/);

/** The `Idempotency-Key` header of a tag change; a 400 INVALID_IDEMPOTENCY_KEY otherwise. */
export function parseIdempotencyKey(headers: Headers, requestId: string): Parsed<string> {
  const parsed = idempotencyKeySchema.safeParse(headers.get("idempotency-key"));
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    error: new CallviewError({
      code: "INVALID_IDEMPOTENCY_KEY",
      param: "Idempotency-Key",
      requestId,
      message: "Send one Idempotency-Key header (16 to 128 letters, digits, - or _) per intended change.",
    }),
  };
}
