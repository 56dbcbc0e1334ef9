/** GET /api/items/{id}/recording — streams the call's recording with Range support. */
import { CallviewError } from "@/lib/allo/errors";
import { streamRecording } from "@/lib/server/recording.server";
import { requireSession } from "@/lib/server/auth/session.server";
import { jsonError, validateItemIdParam } from "@/lib/server/responses.server";
import { withRequestLog } from "@/lib/server/route-handler.server";

export const dynamic = "force-dynamic";

export const GET = withRequestLog<{ id: string }>(
  "/api/items/[id]/recording",
  async (request, { id }, { requestId, annotate }) => {
    // The proxy checks the session too; this is defence in depth.
    const denied = await requireSession(request);
    if (denied) return denied;
    const parsedId = validateItemIdParam(id, requestId);
    if (!parsedId.ok) return parsedId.response;
    annotate({ itemId: parsedId.id });
    if (parsedId.id.startsWith("msg")) {
      return jsonError(
        new CallviewError({
          code: "RECORDING_NOT_AVAILABLE",
          requestId,
          message: "Messages have no recording.",
        }),
      );
    }
    return streamRecording(parsedId.id, request, requestId);
  },
);
