/** Any other /api path: the same JSON error envelope as the real routes, not an HTML page. */
import { errorResponse } from "@/lib/api/error-response.server";
import { routeNotFoundError } from "@/lib/api/standard-errors";
import { withRequestLog } from "@/lib/server/route-handler.server";

export const dynamic = "force-dynamic";

const notFound = withRequestLog<{ path: string[] }>(
  "/api/[...path]",
  async (_request, _params, { requestId }) => errorResponse(routeNotFoundError(requestId)),
);

export {
  notFound as GET,
  notFound as HEAD,
  notFound as POST,
  notFound as PUT,
  notFound as PATCH,
  notFound as DELETE,
};
