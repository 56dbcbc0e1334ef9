/** Response helpers shared by the route handlers: one error shape, one set of cache headers. */
import "server-only";
import { CallviewError, toWireError } from "@/lib/allo/errors";
import { itemIdSchema } from "@/lib/allo/request-schemas";

/** Items are private to the team: never cached by shared caches, revalidated by the browser. */
export const PRIVATE_NO_STORE = "private, no-store";

export function jsonError(error: CallviewError, headers: Record<string, string> = {}): Response {
  const extra: Record<string, string> = { ...headers };
  if (error.retryAfterSeconds !== null) extra["retry-after"] = String(error.retryAfterSeconds);
  if (error.requestId) extra["x-request-id"] = error.requestId;
  return Response.json(toWireError(error), {
    status: error.status,
    headers: { "cache-control": PRIVATE_NO_STORE, ...extra },
  });
}

/** The `{id}` route parameter, validated before any upstream call; a 400 INVALID_ITEM_ID otherwise. */
export function validateItemIdParam(
  raw: string,
  requestId: string,
): { ok: true; id: string } | { ok: false; response: Response } {
  const parsed = itemIdSchema.safeParse(raw);
  if (parsed.success) return { ok: true, id: parsed.data };
  const message = parsed.error.issues[0]?.message ?? "Invalid item id.";
  return {
    ok: false,
    response: jsonError(new CallviewError({ code: "INVALID_ITEM_ID", param: "id", requestId, message })),
  };
}
