/**
 * How the notification actions answer: a form post from the /notifications page goes back to
 * it (303, so a reload does not post again); a script gets JSON.
 */
import { PRIVATE_NO_STORE } from "@/lib/api/error-response.server";

export function backToNotifications(
  request: Request,
  requestId: string,
  query: Record<string, string>,
  json: Record<string, unknown>,
): Response {
  const accept = request.headers.get("accept") ?? "";
  const headers = { "cache-control": PRIVATE_NO_STORE, "x-request-id": requestId };
  if (accept.includes("text/html")) {
    return new Response(null, {
      status: 303,
      headers: { ...headers, location: `/notifications?${new URLSearchParams(query).toString()}` },
    });
  }
  return Response.json({ ok: true, ...json }, { status: 202, headers });
}
