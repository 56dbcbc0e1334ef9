/**
 * A notification link opened while signed out: the agent signs in and lands on the very link,
 * `n` and `t` included, so the page still shows why they were notified and starts at the moment.
 * The suite configures no destination, so the message is a preview in the store; its button
 * URL is read from the store's own file, exactly as Slack would have received it.
 */
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { postWebhook, signedAlloWebhook } from "../e2e/notify-helpers";
import { AUTH_E2E } from "./auth-e2e-env";
import { signInAtProvider } from "./auth-helpers";

function storedButtonUrl(itemId: string): string | null {
  const db = new Database(path.join(AUTH_E2E.dataDir, "app", "callview.sqlite"), {
    readonly: true,
    fileMustExist: true,
  });
  try {
    const row = db.prepare("SELECT payload_json FROM notifications WHERE item_id = ?").get(itemId) as
      { payload_json: string } | undefined;
    if (!row) return null;
    const message = JSON.parse(row.payload_json) as { blocks: { elements?: { url?: string }[] }[] };
    return (
      message.blocks.flatMap((block) => block.elements ?? []).find((element) => element.url)?.url ?? null
    );
  } finally {
    db.close();
  }
}

test("a notification's link opens the call at the moment, through sign-in", async ({ page }) => {
  const delivery = signedAlloWebhook(
    "call.completed",
    { id: "cll-demo-refund", type: "INBOUND", result: "ANSWERED" },
    { secret: AUTH_E2E.webhookSecret },
  );
  expect((await postWebhook(delivery, AUTH_E2E.appUrl)).status).toBe(200);
  await expect.poll(() => storedButtonUrl("cll-demo-refund"), { timeout: 20_000 }).not.toBeNull();
  const link = storedButtonUrl("cll-demo-refund")!;
  expect(link).toMatch(/^\/items\/cll-demo-refund\?n=ntf_[a-z2-7]{20}&t=1m3s$/);

  await page.goto(link);
  await signInAtProvider(page, AUTH_E2E.accounts.agent.email);
  await expect(page).toHaveURL(`${AUTH_E2E.appUrl}${link}`);
  const banner = page.getByRole("region", { name: "Why you are seeing this call" });
  await expect(banner).toContainText("Notification preview at");
  await expect(banner).toContainText("Said 'refunds' at 1:03");
  await expect(page.locator('[data-testid="transcript-segment"][data-highlighted="true"]')).toContainText(
    "Refunds to a card",
  );
  await expect(page.getByRole("region", { name: "Recording", exact: true })).toContainText("1:00");
});
