/**
 * The one function that turns an error into an HTTP response, used by `proxy.ts`, the session
 * checks and every route handler: the envelope, the status from the code, `Retry-After`, the
 * request id and the cache headers are decided here and nowhere else.
 */
import "server-only";
import { toWireError, type CallviewError } from "./errors";

/** Items are private to the team: never cached by shared caches, revalidated by the browser. */
export const PRIVATE_NO_STORE = "private, no-store";

export function errorResponse(error: CallviewError, headers: Record<string, string> = {}): Response {
  const extra: Record<string, string> = { ...headers };
  if (error.retryAfterSeconds !== null) extra["retry-after"] = String(error.retryAfterSeconds);
  if (error.requestId) extra["x-request-id"] = error.requestId;
  return Response.json(toWireError(error), {
    status: error.status,
    headers: { "cache-control": PRIVATE_NO_STORE, ...extra },
  });
}
