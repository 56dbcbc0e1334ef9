/**
 * Wraps an API route handler: assigns the request id, times the request, writes one log line,
 * and turns any unexpected exception into the standard 500 envelope (never a stack trace).
 */
import "server-only";
import { newRequestId } from "@/lib/allo/client.server";
import { CallviewError } from "@/lib/allo/errors";
import { logger, logRequest, type RequestLogFields } from "./logger.server";
import { jsonError } from "./responses.server";

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
    const requestId = newRequestId();
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
      response = jsonError(
        new CallviewError({
          code: "INTERNAL_ERROR",
          requestId,
          message: "Something went wrong in the dashboard.",
        }),
      );
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
