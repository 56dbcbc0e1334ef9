/**
 * The notification loop end to end, in Chromium: a signed Allo webhook comes in, the fake Slack
 * (scripts/fake-slack.ts, started by the config) receives a message, and its button opens the
 * call at the reason, with the banner built from the store. Each test uses its own demo call,
 * because a rule fires at most once per call and destination.
 */
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { E2E, fakeStats } from "./e2e-env";
import { expect, test } from "./fixtures/test";
import { buttonUrl, messagesFor, postWebhook, signedAlloWebhook, slackRequests } from "./notify-helpers";

const banner = (page: Page) => page.getByRole("region", { name: "Why you are seeing this call" });

async function waitForMessage(itemId: string) {
  await expect.poll(async () => (await messagesFor(itemId)).length, { timeout: 20_000 }).toBeGreaterThan(0);
  const [message] = await messagesFor(itemId);
  return message!;
}

test("a missed call: Slack gets one readable message whose button opens the call with the reason", async ({
  page,
}) => {
  const response = await postWebhook(
    signedAlloWebhook("call.completed", { id: "cll-demo-missed", type: "INBOUND", result: "MISSED" }),
  );
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ ok: true, outcome: "recorded" });

  const message = await waitForMessage("cll-demo-missed");
  // Mobile push shows only `text`: it must say what happened and who, on its own.
  expect(message.body?.text).toBe("Missed call from a known contact: Sam Carter, Carter &amp; Sons Plumbing");
  const blocksText = JSON.stringify(message.body?.blocks);
  expect(blocksText).toContain("Inbound call · Missed");
  expect(blocksText).toContain("Open in Callview");
  expect(blocksText).not.toMatch(/@example\.com/);

  const link = buttonUrl(message)!;
  expect(link).toMatch(new RegExp(`^${E2E.appUrl}/items/cll-demo-missed\\?n=ntf_[a-z2-7]{20}$`));
  await page.goto(link);
  await expect(banner(page)).toContainText("Sent to Slack at");
  await expect(banner(page)).toContainText("Missed call from a known contact");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sam Carter");
});

test("the same delivery five times gives one message", async () => {
  const delivery = signedAlloWebhook("call.completed", {
    id: "cll-demo-voicemail",
    type: "INBOUND",
    result: "VOICEMAIL",
  });
  const outcomes = [];
  for (let attempt = 0; attempt < 5; attempt++) {
    const response = await postWebhook(delivery);
    outcomes.push(((await response.json()) as { outcome: string }).outcome);
  }
  expect(outcomes).toEqual(["recorded", "duplicate", "duplicate", "duplicate", "duplicate"]);
  await waitForMessage("cll-demo-voicemail");
  // Give a second message every chance to appear before counting.
  await new Promise((resolve) => setTimeout(resolve, 2_500));
  expect(await messagesFor("cll-demo-voicemail")).toHaveLength(1);
});

test("out of order: tag.added before call.completed gives the one right message", async () => {
  expect(
    (await postWebhook(signedAlloWebhook("tag.added", { call_id: "cll-demo-outage", tag: "urgent" }))).status,
  ).toBe(200);
  expect(
    (
      await postWebhook(
        signedAlloWebhook("call.completed", { id: "cll-demo-outage", type: "INBOUND", result: "ANSWERED" }),
      )
    ).status,
  ).toBe(200);
  const message = await waitForMessage("cll-demo-outage");
  expect(message.body?.text).toMatch(/^Tagged urgent: Grace Kim, Harbor Physiotherapy$/);
  await new Promise((resolve) => setTimeout(resolve, 2_500));
  expect(await messagesFor("cll-demo-outage")).toHaveLength(1);
});

test("a keyword rule: the link opens the call just before the moment and marks it", async ({ page }) => {
  await postWebhook(
    signedAlloWebhook("call.completed", { id: "cll-demo-refund", type: "INBOUND", result: "ANSWERED" }),
  );
  const message = await waitForMessage("cll-demo-refund");
  const link = buttonUrl(message)!;
  expect(link).toMatch(/\?n=ntf_[a-z2-7]{20}&t=1m3s$/);

  await page.goto(link);
  await expect(banner(page)).toContainText("Said 'refunds' at 1:03");
  const marked = page.locator('[data-testid="transcript-segment"][data-highlighted="true"]');
  await expect(marked).toHaveCount(1);
  await expect(marked).toContainText("Refunds to a card take five to ten business days");
  // Shown inside the transcript's own scroll box (the page itself does not scroll to it).
  await expect
    .poll(() =>
      marked.evaluate((row) => {
        const box = row.closest('[role="region"]')!.getBoundingClientRect();
        const own = row.getBoundingClientRect();
        return own.top >= box.top && own.bottom <= box.bottom;
      }),
    )
    .toBe(true);
  // About three seconds of pre-roll: the player waits at 1:00, not at 1:03.
  await expect(page.getByRole("region", { name: "Recording", exact: true })).toContainText("1:00");
});

test("a crafted ?n= or ?reason= puts no text on the page, and t= still works", async ({ page }) => {
  await page.goto("/items/cll-demo-billing?n=ntf_aaaaaaaaaaaaaaaaaaaa&reason=Hacked+by+Mallory&t=30");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Maria Gonzalez");
  await expect(banner(page)).toHaveCount(0);
  await expect(page.locator("body")).not.toContainText("Hacked by Mallory");
  await expect(page.getByRole("region", { name: "Recording", exact: true })).toContainText("0:30");

  // A real notification, but about another call: just opens this call.
  const [missed] = await messagesFor("cll-demo-missed");
  const foreignId = missed ? new URL(buttonUrl(missed)!).searchParams.get("n") : "ntf_bbbbbbbbbbbbbbbbbbbb";
  for (const n of [foreignId, "<script>alert(1)</script>", "ntf_"]) {
    await page.goto(`/items/cll-demo-billing?n=${encodeURIComponent(n ?? "")}&reason=%3Cb%3EPwned%3C%2Fb%3E`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Maria Gonzalez");
    await expect(banner(page)).toHaveCount(0);
    await expect(page.locator("body")).not.toContainText("Pwned");
  }
});

test("a bad signature or an oversized body stores, fetches and sends nothing", async () => {
  const before = { slack: (await slackRequests()).length, allo: (await fakeStats()).itemRequests };
  const good = signedAlloWebhook("call.completed", {
    id: "cll-demo-no-recording",
    type: "INBOUND",
    result: "MISSED",
  });
  const cases: [Record<string, string>, string, number, string][] = [
    [{ ...good.headers, "webhook-signature": "v1,AAAA" }, good.body, 401, "WEBHOOK_SIGNATURE_INVALID"],
    [good.headers, good.body.replace("MISSED", "VOICEMAIL"), 401, "WEBHOOK_SIGNATURE_INVALID"],
    [{ "content-type": "application/json" }, good.body, 401, "WEBHOOK_SIGNATURE_INVALID"],
    [good.headers, `${good.body}${" ".repeat(1024 * 1024)}`, 413, "PAYLOAD_TOO_LARGE"],
  ];
  for (const [headers, body, status, code] of cases) {
    const response = await postWebhook({ headers, body });
    const answer = (await response.json()) as { error: { code: string; request_id: string } };
    expect([response.status, answer.error.code]).toEqual([status, code]);
    expect(answer.error.request_id).toMatch(/^req_[a-z0-9]{12}$/);
  }
  await new Promise((resolve) => setTimeout(resolve, 2_500));
  expect((await slackRequests()).length).toBe(before.slack);
  expect((await fakeStats()).itemRequests).toBe(before.allo);
});

test("/notifications lists what was sent, and a test notification reaches Slack", async ({ page }) => {
  await postWebhook(
    signedAlloWebhook("call.completed", {
      id: "cll-demo-unknown-number",
      type: "OUTBOUND",
      result: "ANSWERED",
    }),
  );
  await page.goto("/notifications");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Notifications");
  await expect(page.getByText("On: 1 signing secret accepted at /api/webhooks/allo.")).toBeVisible();
  await expect(page.getByTestId("notification").first()).toBeVisible();

  await page.getByRole("button", { name: "Send a test notification" }).click();
  await expect(page).toHaveURL(/\/notifications\?sent=test$/);
  await expect(page.getByRole("status")).toContainText("A test notification was queued");
  await expect
    .poll(async () => (await slackRequests()).some((request) => request.body?.text?.startsWith("[Test] ")), {
      timeout: 20_000,
    })
    .toBe(true);
  await page.reload();
  await expect(
    page.getByTestId("notification").filter({ hasText: "Test notification" }).first(),
  ).toHaveAttribute("data-status", "delivered");
});

test("a cross-site POST to a notification action is refused", async () => {
  const attempts: Record<string, string>[] = [
    { "sec-fetch-site": "cross-site" },
    { origin: "https://evil.example" },
    {},
  ];
  for (const headers of attempts) {
    const response = await fetch(`${E2E.appUrl}/api/notifications/test`, { method: "POST", headers });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("CROSS_SITE_REQUEST");
  }
});

test.describe("the notifications page, on a phone and in the dark", () => {
  for (const colorScheme of ["light", "dark"] as const) {
    test(`no axe violations and no sideways scrolling at 360 px (${colorScheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize({ width: 360, height: 800 });
      await page.goto("/notifications");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Notifications");
      const results = await new AxeBuilder({ page }).analyze();
      expect(results.violations.map((violation) => violation.id)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    });
  }
});
