/** GET /api/items/{id}/recording — streams the call's recording with Range support. */
import { errorResponse } from "@/lib/api/error-response.server";
import { CallviewError } from "@/lib/api/errors";
import { itemKindFromId } from "@/lib/allo/item-id";
import { streamRecording } from "@/lib/server/recording.server";
import { withItemRoute } from "@/lib/server/route-handler.server";

export const dynamic = "force-dynamic";

export const GET = withItemRoute("/api/items/[id]/recording", async (request, id, { requestId, user }) => {
  if (itemKindFromId(id) === "message") {
    return errorResponse(
      new CallviewError({
        code: "RECORDING_NOT_AVAILABLE",
        requestId,
        message: "Messages have no recording.",
      }),
    );
  }
  return streamRecording(id, request, requestId, user);
});
