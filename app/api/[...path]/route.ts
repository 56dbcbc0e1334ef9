/** Any other /api path: the same JSON error envelope as the real routes, not an HTML page. */
import { CallviewError } from "@/lib/allo/errors";
import { jsonError } from "@/lib/server/responses.server";
import { withRequestLog } from "@/lib/server/route-handler.server";

export const dynamic = "force-dynamic";

const notFound = withRequestLog<{ path: string[] }>(
  "/api/[...path]",
  async (_request, _params, { requestId }) =>
    jsonError(
      new CallviewError({
        code: "ROUTE_NOT_FOUND",
        requestId,
        message: "No such API route. The item routes are /api/items/{id} and /api/items/{id}/recording.",
      }),
    ),
);

export {
  notFound as GET,
  notFound as HEAD,
  notFound as POST,
  notFound as PUT,
  notFound as PATCH,
  notFound as DELETE,
};
