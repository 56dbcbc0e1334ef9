/**
 * What the notification specs share: signing Allo webhooks like Allo does, and reading the fake
 * Slack that the e2e configuration starts.
 */
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { E2E } from "./e2e-env";

export type SlackRequest = {
  path: string;
  rawBody: string;
  body: {
    text?: string;
    blocks?: { type: string; elements?: { url?: string; text?: { text?: string } }[] }[];
  } | null;
  receivedAtMs: number;
  answeredWith: string;
};

/** A delivery as Allo sends it: envelope, Standard Webhooks headers, a `msg_…` id. */
export function signedAlloWebhook(
  topic: string,
  data: Record<string, unknown>,
  options: { secret?: string; id?: string; timestampSeconds?: number } = {},
): { headers: Record<string, string>; body: string; id: string } {
  const id = options.id ?? `msg_${randomBytes(10).toString("hex")}`;
  const timestampSeconds = options.timestampSeconds ?? Math.floor(Date.now() / 1000);
  const body = JSON.stringify({ topic, version: "2.0", timestamp: new Date().toISOString(), data });
  const signature = new Webhook(options.secret ?? E2E.webhookSecret).sign(
    id,
    new Date(timestampSeconds * 1000),
    body,
  );
  return {
    id,
    body,
    headers: {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": String(timestampSeconds),
      "webhook-signature": signature,
    },
  };
}

export async function postWebhook(
  delivery: { headers: Record<string, string>; body: string },
  baseUrl: string = E2E.appUrl,
): Promise<Response> {
  return fetch(`${baseUrl}/api/webhooks/allo`, {
    method: "POST",
    headers: delivery.headers,
    body: delivery.body,
  });
}

export async function slackRequests(slackUrl: string = E2E.slackUrl): Promise<SlackRequest[]> {
  const response = await fetch(`${slackUrl}/__control/requests`);
  return (await response.json()) as SlackRequest[];
}

export async function setSlackMode(
  mode: Record<string, unknown>,
  slackUrl: string = E2E.slackUrl,
): Promise<void> {
  await fetch(`${slackUrl}/__control/mode`, { method: "POST", body: JSON.stringify(mode) });
}

/** The "Open in Callview" button's URL of a Slack message. */
export function buttonUrl(request: SlackRequest): string | null {
  for (const block of request.body?.blocks ?? []) {
    for (const element of block.elements ?? []) if (element.url) return element.url;
  }
  return null;
}

/** Messages accepted by Slack whose button opens `itemId`. */
export async function messagesFor(itemId: string, slackUrl: string = E2E.slackUrl): Promise<SlackRequest[]> {
  return (await slackRequests(slackUrl)).filter(
    (request) => request.answeredWith === "ok" && (buttonUrl(request) ?? "").includes(`/items/${itemId}?`),
  );
}
