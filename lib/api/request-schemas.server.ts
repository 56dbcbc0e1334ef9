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
