/** GET /api/items/{id}/recording — streams the call's recording with Range support. */
import { newRequestId } from "@/lib/allo/client.server";
import { CallviewError } from "@/lib/allo/errors";
import { itemIdSchema } from "@/lib/allo/item-id";
import { streamRecording } from "@/lib/server/recording.server";
import { jsonError } from "@/lib/server/responses.server";

export const dynamic = "force-dynamic";

export async function GET(request: Request, context: { params: Promise<{ id: string }> }) {
  const requestId = newRequestId();
  const { id } = await context.params;
  const parsedId = itemIdSchema.safeParse(id);
  if (!parsedId.success) {
    return jsonError(
      new CallviewError({ code: "INVALID_ITEM_ID", param: "id", requestId, message: parsedId.error.issues[0]?.message ?? "Invalid item id." }),
    );
  }
  if (parsedId.data.startsWith("msg")) {
    return jsonError(
      new CallviewError({ code: "RECORDING_NOT_AVAILABLE", requestId, message: "Messages have no recording." }),
    );
  }
  return streamRecording(parsedId.data, request, requestId);
}
