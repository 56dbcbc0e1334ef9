/**
 * GET /api/items/{id}/history?page=N — earlier calls and messages with the item's contact,
 * newest first, without the item itself: `{data: {contact_number, rows, page, has_more}}`.
 * The item comes from the item cache; the search is cached per number and page for a minute.
 */
import { errorResponse, PRIVATE_NO_STORE } from "@/lib/api/error-response.server";
import { parseHistoryPage } from "@/lib/api/request-schemas.server";
import { contactHistory } from "@/lib/server/history.server";
import { withItemRoute } from "@/lib/server/route-handler.server";

export const dynamic = "force-dynamic";

export const GET = withItemRoute(
  "/api/items/[id]/history",
  async (request, id, { requestId, annotate, user }) => {
    const page = parseHistoryPage(new URL(request.url).searchParams, requestId);
    if (!page.ok) return errorResponse(page.error);

    const result = await contactHistory(id, page.value, { requestId, signal: request.signal, user });
    annotate({ cache: result.ok ? (result.cache ?? undefined) : undefined });
    if (!result.ok) {
      annotate({ errorCode: result.error.code, upstreamStatus: result.error.upstreamStatus });
      return errorResponse(result.error);
    }
    const { contactNumber, rows, hasMore } = result.value;
    return Response.json(
      { data: { contact_number: contactNumber, rows, page: page.value, has_more: hasMore } },
      { headers: { "cache-control": PRIVATE_NO_STORE, "x-request-id": requestId } },
    );
  },
);
