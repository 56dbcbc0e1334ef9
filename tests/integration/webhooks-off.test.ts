/** Without ALLO_WEBHOOK_SECRET (and a real key, so no demo secret), the receiver is off: 503. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";

let dataDir: string;

beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), "callview-webhook-off-"));
  Object.assign(process.env, {
    ALLO_API_KEY: "ak_live_webhooks_off_test",
    ALLO_WEBHOOK_SECRET: "",
    AUTH_MODE: "none",
    CALLVIEW_DATA_DIR: dataDir,
  });
});

afterAll(async () => {
  const { stopNotifications } = await import("@/lib/server/notifications.server");
  await stopNotifications();
  rmSync(dataDir, { recursive: true, force: true });
});

it("answers 503 WEBHOOKS_NOT_CONFIGURED and stores nothing", async () => {
  const route = await import("@/app/api/webhooks/allo/route");
  const response = await route.POST(
    new Request("http://127.0.0.1/api/webhooks/allo", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "webhook-id": "msg_x",
        "webhook-timestamp": "1",
        "webhook-signature": "v1,x",
      },
      body: "{}",
    }),
    { params: Promise.resolve({}) },
  );
  expect(response.status).toBe(503);
  expect(((await response.json()) as { error: { code: string } }).error.code).toBe("WEBHOOKS_NOT_CONFIGURED");
});
