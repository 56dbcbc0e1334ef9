/**
 * GET /api/items/{id}?extend=transcript — proxies Allo's "Get conversation item" with the
 * dashboard's key. Input is validated before any upstream call.
 */
import { CallviewError } from "@/lib/allo/errors";
import { extendSchema } from "@/lib/allo/request-schemas";
import { lookupItem } from "@/lib/server/items.server";
import { requireSession } from "@/lib/server/auth/session.server";
import { jsonError, PRIVATE_NO_STORE, validateItemIdParam } from "@/lib/server/responses.server";
import { withRequestLog } from "@/lib/server/route-handler.server";

export const dynamic = "force-dynamic";

export const GET = withRequestLog<{ id: string }>(
  "/api/items/[id]",
  async (request, { id }, { requestId, annotate }) => {
    // The proxy checks the session too; this is defence in depth.
    const denied = await requireSession(request);
    if (denied) return denied;
    const parsedId = validateItemIdParam(id, requestId);
    if (!parsedId.ok) return parsedId.response;
    const extendValues = new URL(request.url).searchParams.getAll("extend");
    const parsedExtend = extendSchema.safeParse(extendValues.length > 1 ? "" : extendValues[0]);
    if (!parsedExtend.success) {
      return jsonError(
        new CallviewError({
          code: "UNSUPPORTED_EXTEND_VALUE",
          param: "extend",
          requestId,
          message: "The only supported extend value is transcript.",
        }),
      );
    }

    annotate({ itemId: parsedId.id });
    const result = await lookupItem(parsedId.id, {
      extendTranscript: parsedExtend.data === "transcript",
      requestId,
      signal: request.signal,
    });
    annotate({
      cache: result.cache,
      upstreamStatus: result.ok ? result.upstreamStatus : result.error.upstreamStatus,
    });
    if (!result.ok) {
      annotate({ errorCode: result.error.code });
      return jsonError(result.error);
    }
    return Response.json(
      { data: result.item },
      { headers: { "cache-control": PRIVATE_NO_STORE, "x-request-id": requestId } },
    );
  },
);
