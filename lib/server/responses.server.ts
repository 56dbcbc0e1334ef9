/** Response helpers shared by the route handlers: one error shape, one set of cache headers. */
import "server-only";
import { toWireError, type CallviewError } from "@/lib/allo/errors";

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
