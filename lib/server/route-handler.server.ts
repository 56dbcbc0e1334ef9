/**
 * Wraps an API route handler: takes the request id the proxy assigned, times the request,
 * writes one log line, and turns any unexpected exception into the standard 500 envelope
 * (never a stack trace). `withItemRoute` adds what every `/api/items/{id}/…` route starts
 * with: the session check and the validated id.
 */
import "server-only";
import { errorResponse } from "@/lib/api/error-response.server";
import { requestIdFrom } from "@/lib/api/request-id";
import { parseItemId } from "@/lib/api/request-schemas.server";
import { internalError } from "@/lib/api/standard-errors";
import { requireSession } from "./auth/session.server";
import { logger, logRequest, type RequestLogFields } from "./logger.server";
import { userKeyFor } from "./user-key.server";

export type RequestContext = {
  requestId: string;
  /** Adds fields (upstream status, cache outcome, item id…) to this request's log line. */
  annotate(
    fields: Partial<Omit<RequestLogFields, "requestId" | "route" | "method" | "status" | "latencyMs">>,
  ): void;
};

type Handler<P> = (request: Request, params: P, context: RequestContext) => Promise<Response>;

export function withRequestLog<P>(route: string, handler: Handler<P>) {
  return async (request: Request, routeContext: { params: Promise<P> }): Promise<Response> => {
    const started = performance.now();
    const requestId = requestIdFrom(request.headers);
    const extra: Partial<RequestLogFields> = {};
    const context: RequestContext = { requestId, annotate: (fields) => Object.assign(extra, fields) };
    let response: Response;
    try {
      response = await handler(request, await routeContext.params, context);
    } catch (error) {
      logger().error(
        {
          requestId,
          route,
          err: error instanceof Error ? { name: error.name, message: error.message } : String(error),
        },
        "unhandled error",
      );
      response = errorResponse(internalError(requestId));
    }
    logRequest({
      ...extra,
      requestId,
      method: request.method,
      route,
      status: response.status,
      latencyMs: Math.round((performance.now() - started) * 10) / 10,
    });
    return response;
  };
}

export type ItemRouteContext = RequestContext & {
  /** The viewer's fair-share key (lib/server/user-key.server.ts); null without sign-in. */
  user: string | null;
};

type ItemHandler = (request: Request, itemId: string, context: ItemRouteContext) => Promise<Response>;

/** An `/api/items/{id}…` route: signed in (the proxy checks too; this is defence in depth), valid id. */
export function withItemRoute(route: string, handler: ItemHandler) {
  return withRequestLog<{ id: string }>(route, async (request, { id }, context) => {
    const denied = await requireSession(request, context.requestId);
    if (denied) return denied;
    const parsed = parseItemId(id, context.requestId);
    if (!parsed.ok) return errorResponse(parsed.error);
    context.annotate({ itemId: parsed.value });
    return handler(request, parsed.value, { ...context, user: await userKeyFor(request) });
  });
}
