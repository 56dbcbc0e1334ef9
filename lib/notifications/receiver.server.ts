/**
 * The webhook receiver's logic, minus HTTP: verify, parse, record, answer. The route handler
 * reads the raw body (`await request.text()`, with its own size limit), calls this, and sends
 * `status` and `body` back. Nothing slow happens here, because Allo wants a 2xx within 20 s:
 * the engine fetches the item and notifies later, from the store.
 *
 * Answers: 200 for recorded, duplicate and unknown-topic events (Allo must stop retrying);
 * 401 for a missing, stale or wrong signature; 400 for a signed body that is not an Allo event;
 * 503 when no secret is configured (the receiver is off), or when the store is unreachable (Redis
 * down: nothing was written, Allo retries and the retry lands once it is back); 500 if the store
 * fails otherwise (Allo retries too).
 */
import "server-only";
import type { Logger } from "pino";
import { isRedisUnavailable } from "@/lib/server/redis/redis-client.server";
import { parseAlloEvent } from "./allo-event.server";
import type { NotificationStore } from "./store/notification-store";
import { verifyAlloWebhook, type WebhookHeaders } from "./webhook-signature.server";

export type ReceiveOutcome =
  | "recorded"
  | "duplicate"
  | "not-configured"
  | "missing-headers"
  | "stale-timestamp"
  | "bad-signature"
  | "not-json"
  | "not-an-event"
  | "store-unavailable"
  | "store-error";

export type ReceiveResult = {
  status: 200 | 400 | 401 | 500 | 503;
  outcome: ReceiveOutcome;
  /** Small JSON for Allo's delivery log; never echoes the request. */
  body: { ok: boolean; outcome: ReceiveOutcome };
};

function answer(status: ReceiveResult["status"], outcome: ReceiveOutcome): ReceiveResult {
  return { status, outcome, body: { ok: status === 200, outcome } };
}

export async function receiveAlloWebhook(input: {
  rawBody: string;
  headers: WebhookHeaders;
  secrets: readonly string[];
  store: NotificationStore;
  logger: Logger;
  nowMs?: number;
}): Promise<ReceiveResult> {
  const nowMs = input.nowMs ?? Date.now();
  const log = input.logger;
  if (input.secrets.length === 0) {
    log.warn("Allo webhook refused: ALLO_WEBHOOK_SECRET is not set");
    return answer(503, "not-configured");
  }
  const verified = verifyAlloWebhook({
    rawBody: input.rawBody,
    headers: input.headers,
    secrets: input.secrets,
    nowMs,
  });
  if (!verified.ok) {
    log.warn({ reason: verified.reason, bytes: input.rawBody.length }, "Allo webhook refused");
    return answer(verified.reason === "not-json" ? 400 : 401, verified.reason);
  }
  const parsed = parseAlloEvent(verified.payload, verified.webhookId);
  if (!parsed.ok) {
    log.warn({ webhookId: verified.webhookId, reason: "not-an-event" }, "Allo webhook refused");
    return answer(400, "not-an-event");
  }
  const { event } = parsed;
  try {
    const recorded = await input.store.recordEvent({
      webhookId: event.webhookId,
      dedupeKeys: event.dedupeKeys,
      topic: event.topic,
      itemId: event.itemId,
      tags: event.tags,
      eventTimestampMs: event.eventTimestampMs,
      receivedAtMs: nowMs,
    });
    // The verdict line comes when the engine processes it; a duplicate ends here.
    if (recorded === "duplicate")
      log.info({ webhookId: event.webhookId, topic: event.topic, verdict: "duplicate" }, "webhook processed");
    return answer(200, recorded);
  } catch (error) {
    const unavailable = isRedisUnavailable(error);
    log.error(
      {
        webhookId: event.webhookId,
        verdict: unavailable ? "store-unavailable" : "store-error",
        error: error instanceof Error ? error.message : String(error),
      },
      "Allo webhook not recorded",
    );
    return unavailable ? answer(503, "store-unavailable") : answer(500, "store-error");
  }
}
