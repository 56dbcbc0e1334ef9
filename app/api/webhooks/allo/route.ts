/**
 * POST /api/webhooks/allo — Allo's webhooks. Not behind sign-in: the Standard Webhooks
 * signature is the authentication, checked on the raw body before anything is stored.
 * A verified event is recorded (deduplicated) and answered at once; the item is fetched and
 * notifications are sent afterwards, from the store (Allo wants a 2xx within 20 s).
 */
import { errorResponse } from "@/lib/api/error-response.server";
import { CallviewError } from "@/lib/api/errors";
import { readLimitedBody } from "@/lib/http/read-limited-body";
import { receiveAlloWebhook, type ReceiveOutcome } from "@/lib/notifications/receiver.server";
import { logger } from "@/lib/server/logger.server";
import { notificationsRuntime } from "@/lib/server/notifications.server";
import { withRequestLog } from "@/lib/server/route-handler.server";

export const dynamic = "force-dynamic";

/** Allo's payloads are a few kB; a transcript-bearing call.completed stays far below this. */
const MAX_WEBHOOK_BYTES = 256 * 1024;

const REFUSALS: Partial<Record<ReceiveOutcome, { code: CallviewError["code"]; message: string }>> = {
  "not-configured": {
    code: "WEBHOOKS_NOT_CONFIGURED",
    message: "This dashboard does not accept Allo webhooks: ALLO_WEBHOOK_SECRET is not set.",
  },
  "missing-headers": {
    code: "WEBHOOK_SIGNATURE_INVALID",
    message: "The webhook-id, webhook-timestamp and webhook-signature headers are required.",
  },
  "stale-timestamp": {
    code: "WEBHOOK_SIGNATURE_INVALID",
    message: "The webhook timestamp is more than 5 minutes away from this server's clock.",
  },
  "bad-signature": { code: "WEBHOOK_SIGNATURE_INVALID", message: "The webhook signature does not match." },
  "not-json": { code: "INVALID_REQUEST", message: "The webhook body is not JSON." },
  "not-an-event": {
    code: "INVALID_REQUEST",
    message: "The webhook body is not an Allo event ({topic, data}).",
  },
  // Redis unreachable: nothing was written; Allo's retry (Retry-After) lands once it is back.
  "store-unavailable": {
    code: "STORE_UNAVAILABLE",
    message: "The notification store is unavailable; the event was not recorded. Retry later.",
  },
  "store-error": { code: "STORE_UNAVAILABLE", message: "The event could not be recorded; retry later." },
};

export const POST = withRequestLog<Record<string, never>>(
  "/api/webhooks/allo",
  async (request, _params, { requestId, annotate }) => {
    const body = await readLimitedBody(request, MAX_WEBHOOK_BYTES);
    if (!body.ok) {
      annotate({ errorCode: "PAYLOAD_TOO_LARGE" });
      return errorResponse(
        new CallviewError({
          code: "PAYLOAD_TOO_LARGE",
          requestId,
          message: `Webhook bodies are limited to ${MAX_WEBHOOK_BYTES / 1024} KB.`,
        }),
      );
    }
    const runtime = notificationsRuntime();
    const result = await receiveAlloWebhook({
      rawBody: body.text,
      headers: request.headers,
      secrets: runtime.webhookSecrets,
      store: runtime.store,
      logger: logger().child({ requestId }),
    });
    const refusal = REFUSALS[result.outcome];
    if (refusal) {
      annotate({ errorCode: refusal.code });
      return errorResponse(
        new CallviewError({
          code: refusal.code,
          requestId,
          message: refusal.message,
          retryable: refusal.code === "STORE_UNAVAILABLE",
          retryAfterSeconds: refusal.code === "STORE_UNAVAILABLE" ? 5 : null,
        }),
      );
    }
    return Response.json(
      { ok: true, outcome: result.outcome },
      { headers: { "cache-control": "no-store", "x-request-id": requestId } },
    );
  },
);
