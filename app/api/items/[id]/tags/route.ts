/**
 * POST /api/items/{id}/tags with `{"tag": "<key>"}` and an `Idempotency-Key` header — adds a
 * tag to a call. Refused cross-site (403 CROSS_SITE_REQUEST), without a session, for messages,
 * and without TAGS_WRITE. "Already there" is success: `{data: {tag, action, outcome}}` with
 * outcome `changed` or `already`.
 */
import { CallviewError } from "@/lib/api/errors";
import { errorResponse } from "@/lib/api/error-response.server";
import { parseIdempotencyKey, parseTagBody } from "@/lib/api/request-schemas.server";
import { readLimitedBody } from "@/lib/http/read-limited-body";
import { changeItemTag } from "@/lib/server/item-tags.server";
import { withItemMutation } from "@/lib/server/mutation-route.server";
import { tagChangeResponse } from "./tag-change-response";

export const dynamic = "force-dynamic";

/** `{"tag": "…"}` is a few dozen bytes. */
const MAX_BODY_BYTES = 4 * 1024;

export const POST = withItemMutation<{ id: string }>(
  "/api/items/[id]/tags",
  async (request, itemId, _params, { requestId, annotate, user, actor }) => {
    const key = parseIdempotencyKey(request.headers, requestId);
    if (!key.ok) return errorResponse(key.error);
    const body = await readLimitedBody(request, MAX_BODY_BYTES);
    if (!body.ok) {
      return errorResponse(
        new CallviewError({
          code: "PAYLOAD_TOO_LARGE",
          requestId,
          message: `A tag change is limited to ${MAX_BODY_BYTES / 1024} KB.`,
        }),
      );
    }
    const tag = parseTagBody(body.text, requestId);
    if (!tag.ok) return errorResponse(tag.error);

    const result = await changeItemTag({
      action: "add",
      itemId,
      tag: tag.value,
      browserKey: key.value,
      requestId,
      user,
      actor,
    });
    return tagChangeResponse(result, { tag: tag.value, action: "add", requestId, annotate });
  },
);
