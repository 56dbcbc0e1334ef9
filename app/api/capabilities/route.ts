/**
 * GET /api/capabilities — what this dashboard's Allo key lets agents do, for the page's
 * controls: `{data: {can_edit_tags}}`. Learned from Allo's /v2/api/me and cached ten minutes.
 */
import { PRIVATE_NO_STORE } from "@/lib/api/error-response.server";
import { requireSession } from "@/lib/server/auth/session.server";
import { keyCapabilities } from "@/lib/server/capabilities.server";
import { withRequestLog } from "@/lib/server/route-handler.server";

export const dynamic = "force-dynamic";

export const GET = withRequestLog<Record<string, never>>(
  "/api/capabilities",
  async (request, _params, context) => {
    const denied = await requireSession(request, context.requestId);
    if (denied) return denied;
    const capabilities = await keyCapabilities({ requestId: context.requestId });
    return Response.json(
      { data: { can_edit_tags: capabilities.canEditTags } },
      { headers: { "cache-control": PRIVATE_NO_STORE, "x-request-id": context.requestId } },
    );
  },
);
