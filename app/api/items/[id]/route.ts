/**
 * GET /api/items/{id}?extend=transcript — proxies Allo's "Get conversation item" with the
 * dashboard's key. Input is validated before any upstream call.
 */
import { errorResponse, PRIVATE_NO_STORE } from "@/lib/api/error-response.server";
import { parseExtend } from "@/lib/api/request-schemas.server";
import { lookupItem } from "@/lib/server/items.server";
import { withItemRoute } from "@/lib/server/route-handler.server";

export const dynamic = "force-dynamic";

export const GET = withItemRoute("/api/items/[id]", async (request, id, { requestId, annotate, user }) => {
  const extend = parseExtend(new URL(request.url).searchParams, requestId);
  if (!extend.ok) return errorResponse(extend.error);

  const result = await lookupItem(id, {
    extendTranscript: extend.value,
    requestId,
    signal: request.signal,
    user,
  });
  annotate({
    cache: result.cache,
    upstreamStatus: result.ok ? result.upstreamStatus : result.error.upstreamStatus,
  });
  if (!result.ok) {
    annotate({ errorCode: result.error.code });
    return errorResponse(result.error);
  }
  return Response.json(
    { data: result.item },
    { headers: { "cache-control": PRIVATE_NO_STORE, "x-request-id": requestId } },
  );
});
