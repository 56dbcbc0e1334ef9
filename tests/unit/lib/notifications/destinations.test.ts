import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  deliver,
  destinationsForRule,
  destinationsFromEnv,
  ruleDestinationIds,
  type Destination,
} from "@/lib/notifications/destinations.server";
import { verifyAlloWebhook } from "@/lib/notifications/webhook-signature.server";
import {
  FAKE_SLACK_PATH,
  startFakeSlackServer,
  type FakeSlackServer,
} from "@/tests/support/fake-slack-server";
import { SECRET_NEW } from "@/tests/support/notification-fixtures";

let slack: FakeSlackServer;
beforeAll(async () => {
  slack = await startFakeSlackServer();
});
afterAll(async () => {
  await slack.close();
});
beforeEach(() => slack.reset());

const NOW_MS = Date.UTC(2026, 10, 24, 8, 0, 0);
const notification = {
  id: "ntf_abcdefghijklmnopqrst",
  payload: { text: "Missed call: Sam Carter", blocks: [] },
};

function slackDestination(): Destination {
  const [destination] = destinationsFromEnv({ slackWebhookUrl: slack.webhookUrl, genericWebhook: null });
  return destination!;
}

function webhookDestination(): Destination {
  const [destination] = destinationsFromEnv({
    slackWebhookUrl: null,
    genericWebhook: { url: `${slack.origin}/hooks/callview`, secret: SECRET_NEW },
  });
  return destination!;
}

describe("destinationsFromEnv", () => {
  it("builds slack and webhook from the settings, or the preview alone", () => {
    const both = destinationsFromEnv({
      slackWebhookUrl: "https://hooks.slack.com/services/T/B/x",
      genericWebhook: { url: "https://h.example.com/in", secret: SECRET_NEW },
    });
    expect(both.map((d) => [d.id, d.kind, d.label])).toEqual([
      ["slack", "slack", "Slack"],
      ["webhook", "webhook", "Webhook (h.example.com)"],
    ]);
    expect(ruleDestinationIds(both)).toEqual(["slack", "webhook"]);
    const none = destinationsFromEnv({ slackWebhookUrl: null, genericWebhook: null });
    expect(none).toEqual([{ id: "preview", kind: "preview", label: "Preview (not sent)" }]);
    expect(ruleDestinationIds(none)).toEqual([]);
  });

  it("routes a rule to its destinations, or everything to preview when that is all there is", () => {
    const both = destinationsFromEnv({
      slackWebhookUrl: "https://hooks.slack.com/services/T/B/x",
      genericWebhook: { url: "https://h.example.com/in", secret: SECRET_NEW },
    });
    expect(destinationsForRule(both, undefined).map((d) => d.id)).toEqual(["slack", "webhook"]);
    expect(destinationsForRule(both, ["webhook"]).map((d) => d.id)).toEqual(["webhook"]);
    const none = destinationsFromEnv({ slackWebhookUrl: null, genericWebhook: null });
    expect(destinationsForRule(none, ["slack"]).map((d) => d.id)).toEqual(["preview"]);
  });
});

describe("deliver to Slack", () => {
  it("200 ok → delivered, with the payload as sent", async () => {
    const outcome = await deliver(slackDestination(), notification, { nowMs: NOW_MS });
    expect(outcome).toEqual({ kind: "delivered", httpStatus: 200 });
    expect(slack.requests).toHaveLength(1);
    expect(slack.requests[0]?.path).toBe(FAKE_SLACK_PATH);
    expect(slack.requests[0]?.body).toEqual(notification.payload);
  });

  it("429 with Retry-After → retry after that long", async () => {
    slack.respondWith({ kind: "rate-limited", retryAfterSeconds: 30 });
    expect(await deliver(slackDestination(), notification, { nowMs: NOW_MS })).toEqual({
      kind: "retry",
      httpStatus: 429,
      retryAfterMs: 30_000,
      error: `${new URL(slack.origin).host}: HTTP 429 rate_limited`,
    });
  });

  it("500 → retry; 404 channel_not_found → failed, naming only the host and Slack's code", async () => {
    slack.respondWith({ kind: "server-error" });
    const retry = await deliver(slackDestination(), notification, { nowMs: NOW_MS });
    expect(retry).toMatchObject({ kind: "retry", httpStatus: 500, retryAfterMs: null });
    slack.respondWith({ kind: "channel-not-found" });
    const failed = await deliver(slackDestination(), notification, { nowMs: NOW_MS });
    expect(failed).toEqual({
      kind: "failed",
      httpStatus: 404,
      error: `${new URL(slack.origin).host}: HTTP 404 channel_not_found`,
    });
    for (const outcome of [retry, failed]) {
      expect(JSON.stringify(outcome)).not.toContain(FAKE_SLACK_PATH);
      expect(JSON.stringify(outcome)).not.toContain("fakeSecretPath");
      expect(JSON.stringify(outcome)).not.toContain("Sam Carter");
    }
  });

  it("a hanging Slack → retry after the timeout, not a hang", async () => {
    slack.respondWith({ kind: "hang" });
    const outcome = await deliver(slackDestination(), notification, { nowMs: NOW_MS, timeoutMs: 200 });
    expect(outcome).toEqual({
      kind: "retry",
      httpStatus: null,
      retryAfterMs: null,
      error: `${new URL(slack.origin).host}: no answer within 0.2 s`,
    });
  });

  it("connection refused → retry with the error code, never the URL", async () => {
    const closed = await startFakeSlackServer();
    const url = closed.webhookUrl;
    await closed.close();
    const [destination] = destinationsFromEnv({ slackWebhookUrl: url, genericWebhook: null });
    const outcome = await deliver(destination!, notification, { nowMs: NOW_MS });
    expect(outcome).toMatchObject({
      kind: "retry",
      httpStatus: null,
      error: expect.stringMatching(/network error/),
    });
    expect(JSON.stringify(outcome)).not.toContain(FAKE_SLACK_PATH);
  });

  it("can be driven over its control endpoint (for out-of-process tests)", async () => {
    await fetch(`${slack.origin}/__control/mode`, {
      method: "POST",
      body: JSON.stringify({ kind: "rate-limited", retryAfterSeconds: 2 }),
    });
    expect((await deliver(slackDestination(), notification, { nowMs: NOW_MS })).kind).toBe("retry");
    const recorded = (await (await fetch(`${slack.origin}/__control/requests`)).json()) as unknown[];
    expect(recorded).toHaveLength(1);
  });
});

describe("deliver to a generic webhook", () => {
  it("signs with Standard Webhooks, webhook-id = notification id", async () => {
    const outcome = await deliver(webhookDestination(), notification, { nowMs: NOW_MS });
    expect(outcome).toEqual({ kind: "delivered", httpStatus: 200 });
    const request = slack.requests[0]!;
    expect(request.headers["webhook-id"]).toBe(notification.id);
    const verified = verifyAlloWebhook({
      rawBody: request.rawBody,
      headers: request.headers,
      secrets: [SECRET_NEW],
      nowMs: NOW_MS,
    });
    expect(verified).toMatchObject({ ok: true, payload: notification.payload, webhookId: notification.id });
  });

  it("keeps the same webhook-id across retries", async () => {
    slack.queue({ kind: "server-error" });
    expect((await deliver(webhookDestination(), notification, { nowMs: NOW_MS })).kind).toBe("retry");
    expect((await deliver(webhookDestination(), notification, { nowMs: NOW_MS + 5_000 })).kind).toBe(
      "delivered",
    );
    expect(slack.requests.map((r) => r.headers["webhook-id"])).toEqual([notification.id, notification.id]);
  });

  it("other 4xx → failed", async () => {
    slack.respondWith({ kind: "channel-not-found" });
    expect(await deliver(webhookDestination(), notification, { nowMs: NOW_MS })).toEqual({
      kind: "failed",
      httpStatus: 404,
      error: `${new URL(slack.origin).host}: HTTP 404`,
    });
  });
});

describe("preview", () => {
  it("sends nothing", async () => {
    const [preview] = destinationsFromEnv({ slackWebhookUrl: null, genericWebhook: null });
    expect(await deliver(preview!, notification)).toEqual({ kind: "previewed" });
    expect(slack.requests).toHaveLength(0);
  });
});
