/**
 * A dashboard whose Allo key lacks TAGS_WRITE shows tags but no control to change them. It
 * needs a fake whose key has other scopes, so it starts its own fake (in its own process) and
 * its own production server, and stops both by pid.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { E2E } from "./e2e-env";
import { startFakeAlloProcess, type FakeAlloProcess } from "./fake-allo-process";
import { startServer, waitForHealth, type ServerProcess } from "./fixtures/server-process";

const KEY = "ak_live_read_only_e2e_5d1e";
let fake: FakeAlloProcess;
let server: ServerProcess;
let dataDir: string;

test.beforeAll(async () => {
  fake = await startFakeAlloProcess({ apiKey: KEY, scopes: ["CONVERSATIONS_READ", "TAGS_READ"] });
  dataDir = mkdtempSync(path.join(tmpdir(), "callview-read-only-"));
  server = startServer({
    port: E2E.opsPort,
    env: {
      AUTH_MODE: "none",
      ALLO_API_KEY: KEY,
      ALLO_API_BASE_URL: fake.url,
      CALLVIEW_DATA_DIR: dataDir,
      CALLVIEW_SHUTDOWN_GRACE_SECONDS: "0",
      LOG_LEVEL: "warn",
    },
  });
  await waitForHealth(server.base);
});

test.afterAll(async () => {
  server?.kill();
  await server?.exited;
  await fake?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test("without TAGS_WRITE the tags are shown, with no control to change them", async ({ page }) => {
  const capabilities = page.waitForResponse(
    (response) => new URL(response.url()).pathname === "/api/capabilities",
  );
  await page.goto(`${server.base}/items/cll-demo-billing`);
  expect(await (await capabilities).json()).toEqual({ data: { can_edit_tags: false } });
  const tags = page.getByRole("region", { name: "Tags", exact: true });
  await expect(tags.getByRole("listitem")).toHaveText(["billing", "refund", "priority"]);
  // The history still works: it needs no tag scope.
  await expect(
    page.getByRole("region", { name: "Earlier conversations" }).getByTestId("history-row").first(),
  ).toBeVisible();
  await expect(page.getByRole("button", { name: "Add tag" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Remove tag/ })).toHaveCount(0);
});
