/**
 * DELETE /api/items/{id}/tags/{tag} with an `Idempotency-Key` header — removes a tag from a
 * call, under the same rules as adding one (see ../route.ts). "Not there" is success.
 */
import { errorResponse } from "@/lib/api/error-response.server";
import { parseIdempotencyKey, parseTagParam } from "@/lib/api/request-schemas.server";
import { decodeOrKeep } from "@/lib/http/safe-decode";
import { changeItemTag } from "@/lib/server/item-tags.server";
import { withItemMutation } from "@/lib/server/mutation-route.server";
import { tagChangeResponse } from "../tag-change-response";

export const dynamic = "force-dynamic";

export const DELETE = withItemMutation<{ id: string; tag: string }>(
  "/api/items/[id]/tags/[tag]",
  async (request, itemId, params, { requestId, annotate, user, actor }) => {
    const key = parseIdempotencyKey(request.headers, requestId);
    if (!key.ok) return errorResponse(key.error);
    // The segment as the URL spelled it (`%C3%BC`), decoded once.
    const tag = parseTagParam(decodeOrKeep(params.tag), requestId);
    if (!tag.ok) return errorResponse(tag.error);

    const result = await changeItemTag({
      action: "remove",
      itemId,
      tag: tag.value,
      browserKey: key.value,
      requestId,
      user,
      actor,
    });
    return tagChangeResponse(result, { tag: tag.value, action: "remove", requestId, annotate });
  },
);
