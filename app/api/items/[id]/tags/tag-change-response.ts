/** The answer of both tag routes, written once. */
import { errorResponse, PRIVATE_NO_STORE } from "@/lib/api/error-response.server";
import type { TagChangeResult } from "@/lib/server/item-tags.server";
import type { RequestContext } from "@/lib/server/route-handler.server";

export function tagChangeResponse(
  result: TagChangeResult,
  context: { tag: string; action: "add" | "remove"; requestId: string; annotate: RequestContext["annotate"] },
): Response {
  if (!result.ok) {
    context.annotate({ errorCode: result.error.code, upstreamStatus: result.error.upstreamStatus });
    return errorResponse(result.error);
  }
  return Response.json(
    { data: { tag: context.tag, action: context.action, outcome: result.outcome } },
    { headers: { "cache-control": PRIVATE_NO_STORE, "x-request-id": context.requestId } },
  );
}
