/**
 * A state-changing `/api/items/{id}/…` route: what every one starts with, in this order.
 * 1. Refuse requests another site started (403 `CROSS_SITE_REQUEST`), before anything else,
 *    on top of the SameSite session cookie;
 * 2. the session check (the proxy checks too; this is defence in depth);
 * 3. the validated item id.
 * The handler gets the viewer's fair-share key and who they are for the audit log.
 */
import "server-only";
import { errorResponse } from "@/lib/api/error-response.server";
import { parseItemId } from "@/lib/api/request-schemas.server";
import { auditActor, type AuditActor } from "./audit.server";
import { requireSession } from "./auth/session.server";
import { withRequestLog, type ItemRouteContext } from "./route-handler.server";
import { refuseCrossSite } from "./same-origin.server";
import { userKeyFor } from "./user-key.server";

export type ItemMutationContext = ItemRouteContext & { actor: AuditActor };

type Handler<P> = (
  request: Request,
  itemId: string,
  params: P,
  context: ItemMutationContext,
) => Promise<Response>;

export function withItemMutation<P extends { id: string }>(route: string, handler: Handler<P>) {
  return withRequestLog<P>(route, async (request, params, context) => {
    const refused =
      refuseCrossSite(request, context.requestId) ?? (await requireSession(request, context.requestId));
    if (refused) return refused;
    const parsed = parseItemId(params.id, context.requestId);
    if (!parsed.ok) return errorResponse(parsed.error);
    context.annotate({ itemId: parsed.value });
    const [user, actor] = await Promise.all([userKeyFor(request), auditActor(request)]);
    return handler(request, parsed.value, params, { ...context, user, actor });
  });
}
