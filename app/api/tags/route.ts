/** GET /api/tags — the workspace's tags for the picker: `{data: [{key, name}]}`, cached a few minutes. */
import { errorResponse, PRIVATE_NO_STORE } from "@/lib/api/error-response.server";
import { requireSession } from "@/lib/server/auth/session.server";
import { workspaceTags } from "@/lib/server/item-tags.server";
import { withRequestLog } from "@/lib/server/route-handler.server";
import { userKeyFor } from "@/lib/server/user-key.server";

export const dynamic = "force-dynamic";

export const GET = withRequestLog<Record<string, never>>("/api/tags", async (request, _params, context) => {
  const denied = await requireSession(request, context.requestId);
  if (denied) return denied;
  const result = await workspaceTags({
    requestId: context.requestId,
    signal: request.signal,
    user: await userKeyFor(request),
  });
  if (!result.ok) {
    context.annotate({ errorCode: result.error.code, upstreamStatus: result.error.upstreamStatus });
    return errorResponse(result.error);
  }
  context.annotate({ cache: result.cache });
  return Response.json(
    { data: result.tags },
    { headers: { "cache-control": PRIVATE_NO_STORE, "x-request-id": context.requestId } },
  );
});
