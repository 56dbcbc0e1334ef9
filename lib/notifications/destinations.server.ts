/**
 * Where notifications go, and one delivery attempt to each kind:
 * - `slack`: a Slack incoming webhook. 200 `ok` = delivered; 429 (with Retry-After), 5xx,
 *   network errors and timeouts = retry; any other 4xx (400 invalid_payload, 403, 404
 *   channel_not_found, 410 channel_is_archived) = failed, since sending again cannot help.
 *   Slack allows about one message per second per channel, hence `minIntervalMs`.
 * - `webhook`: a generic JSON receiver, signed with Standard Webhooks. `webhook-id` is the
 *   notification id, stable across retries, so the receiver can dedupe. 2xx = delivered;
 *   408, 429, 5xx, network = retry; other 4xx and any redirect = failed.
 * - `preview`: built in, used when nothing is configured (demo, fresh install). It sends
 *   nothing: the rendered Slack message, stored at creation, is what an operator page shows.
 *
 * Every attempt has a timeout (a hanging receiver must not hold the outbox). Error strings are
 * for operators and logs: host, status and a short reason, never the URL path (Slack's path is
 * its secret), a secret, or the message body.
 */
import "server-only";
import { parseRetryAfter, type FetchLike } from "@/lib/allo/client.server";
import type { NotificationsEnv } from "@/lib/server/env.server";
import type { RuleDestination } from "./rules.server";
import type { ClaimedDelivery, DeliveryOutcome } from "./store/notification-store";
import { signWebhook } from "./webhook-signature.server";

export type SlackDestination = { id: "slack"; kind: "slack"; label: string; url: string; host: string };
export type WebhookDestination = {
  id: "webhook";
  kind: "webhook";
  label: string;
  url: string;
  host: string;
  secret: string;
};
export type PreviewDestination = { id: "preview"; kind: "preview"; label: string };
export type Destination = SlackDestination | WebhookDestination | PreviewDestination;
export type DestinationId = Destination["id"];

export const DEFAULT_DELIVERY_TIMEOUT_MS = 10_000;

/** Slack's posting limit is about one message per second per channel. */
export function minIntervalMs(destination: Destination): number {
  return destination.kind === "slack" ? 1_000 : 0;
}

/** Configured destinations, or the preview alone when there are none. */
export function destinationsFromEnv(
  env: Pick<NotificationsEnv, "slackWebhookUrl" | "genericWebhook">,
): Destination[] {
  const destinations: Destination[] = [];
  if (env.slackWebhookUrl) {
    const host = new URL(env.slackWebhookUrl).host;
    destinations.push({ id: "slack", kind: "slack", label: "Slack", url: env.slackWebhookUrl, host });
  }
  if (env.genericWebhook) {
    const host = new URL(env.genericWebhook.url).host;
    destinations.push({
      id: "webhook",
      kind: "webhook",
      label: `Webhook (${host})`,
      url: env.genericWebhook.url,
      host,
      secret: env.genericWebhook.secret,
    });
  }
  if (destinations.length === 0) {
    destinations.push({ id: "preview", kind: "preview", label: "Preview (not sent)" });
  }
  return destinations;
}

/** Real destinations a rules file may name (for `loadRules`' check). */
export function ruleDestinationIds(destinations: readonly Destination[]): RuleDestination[] {
  return destinations.flatMap((destination) => (destination.kind === "preview" ? [] : [destination.id]));
}

/** A rule's destinations among those configured; everything goes to preview when that is all there is. */
export function destinationsForRule(
  destinations: readonly Destination[],
  ruleDestinations: readonly RuleDestination[] | undefined,
): Destination[] {
  if (destinations.every((destination) => destination.kind === "preview")) return [...destinations];
  return destinations.filter(
    (destination) =>
      destination.kind !== "preview" &&
      (ruleDestinations === undefined || ruleDestinations.includes(destination.id)),
  );
}

/** A Slack error body is a short code such as `channel_not_found`; anything else is dropped. */
function slackErrorCode(body: string): string | null {
  const code = body.trim();
  return /^[a-z_]{1,60}$/.test(code) ? code : null;
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  const code = typeof cause?.code === "string" && /^[A-Z_]{2,40}$/.test(cause.code) ? cause.code : null;
  return code ? `network error (${code})` : "network error";
}

export async function deliver(
  destination: Destination,
  notification: Pick<ClaimedDelivery, "id" | "payload">,
  options: { fetch?: FetchLike; timeoutMs?: number; nowMs?: number } = {},
): Promise<DeliveryOutcome> {
  if (destination.kind === "preview") return { kind: "previewed" };

  const doFetch: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? DEFAULT_DELIVERY_TIMEOUT_MS;
  const nowMs = options.nowMs ?? Date.now();
  const body = JSON.stringify(notification.payload);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": "callview/0.1",
  };
  if (destination.kind === "webhook") {
    // Signed at send time: receivers refuse timestamps more than 5 minutes old.
    Object.assign(
      headers,
      signWebhook({
        id: notification.id,
        timestampSeconds: Math.floor(nowMs / 1000),
        body,
        secret: destination.secret,
      }),
    );
  }

  const where = destination.host;
  let response: Response;
  let text: string;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    response = await doFetch(destination.url, {
      method: "POST",
      headers,
      body,
      signal,
      redirect: "manual",
      cache: "no-store",
    });
    text = await response.text();
  } catch (error) {
    const reason = signal.aborted
      ? `no answer within ${Math.round(timeoutMs / 100) / 10} s`
      : networkReason(error);
    return { kind: "retry", httpStatus: null, retryAfterMs: null, error: `${where}: ${reason}` };
  }

  const status = response.status;
  if (status >= 200 && status < 300) return { kind: "delivered", httpStatus: status };
  const code = destination.kind === "slack" ? slackErrorCode(text) : null;
  const error = `${where}: HTTP ${status}${code ? ` ${code}` : ""}`;
  const retryable = status === 408 || status === 429 || status >= 500;
  if (!retryable) {
    return {
      kind: "failed",
      httpStatus: status,
      error: status < 400 ? `${error} (redirects are not followed)` : error,
    };
  }
  const retryAfterMs =
    status === 429 || status === 503 ? parseRetryAfter(response.headers.get("retry-after"), nowMs) : null;
  return { kind: "retry", httpStatus: status, retryAfterMs, error };
}
