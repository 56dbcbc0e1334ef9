/**
 * Delivery survives a crash: with Slack down, the server is killed with SIGKILL mid-retry,
 * restarted on the same data directory, and Slack comes back. Exactly one message arrives.
 * Runs its own standalone server (demo mode) and its own fake Slack, and stops both.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import {
  FAKE_SLACK_PATH,
  startFakeSlackServer,
  type FakeSlackServer,
} from "../tests/support/fake-slack-server";
import { postWebhook, signedAlloWebhook } from "./notify-helpers";
import { killHard, startStandalone, waitForHealth, type StandaloneServer } from "./standalone-server";

const PORT = Number(process.env.E2E_CRASH_PORT ?? 3393);
const SLACK_PORT = Number(process.env.E2E_CRASH_SLACK_PORT ?? 4393);
const SECRET = `whsec_${Buffer.from("callview-crash-test-secret-0001").toString("base64")}`;

/** The outbox as the database file has it (WAL lets this read while the server writes). */
function outbox(dataDir: string): { status: string; attempts: number }[] {
  const db = new Database(path.join(dataDir, "callview.sqlite"), { readonly: true, fileMustExist: true });
  try {
    return db.prepare("SELECT status, attempts FROM notifications").all() as {
      status: string;
      attempts: number;
    }[];
  } finally {
    db.close();
  }
}

test("kill -9 while Slack is down, restart, Slack back: exactly one message", async () => {
  test.setTimeout(180_000);
  const dataDir = mkdtempSync(path.join(tmpdir(), "callview-crash-"));
  const env = {
    ALLO_WEBHOOK_SECRET: SECRET,
    CALLVIEW_SLACK_WEBHOOK_URL: `http://127.0.0.1:${SLACK_PORT}${FAKE_SLACK_PATH}`,
    CALLVIEW_PUBLIC_URL: `http://127.0.0.1:${PORT}`,
    CALLVIEW_DATA_DIR: dataDir,
  };
  let server: StandaloneServer | null = null;
  let slack: FakeSlackServer | null = null;
  try {
    // Slack is down: nothing listens on its port, every attempt fails at once.
    server = startStandalone(PORT, env);
    await waitForHealth(server);
    const delivery = signedAlloWebhook(
      "call.completed",
      { id: "cll-demo-missed", type: "INBOUND", result: "MISSED" },
      { secret: SECRET },
    );
    expect((await postWebhook(delivery, server.url)).status).toBe(200);
    await expect
      .poll(() => outbox(dataDir).map((row) => `${row.status}:${row.attempts > 0}`), { timeout: 30_000 })
      .toEqual(["retrying:true"]);

    await killHard(server);
    slack = await startFakeSlackServer({ port: SLACK_PORT });
    server = startStandalone(PORT, env);
    await waitForHealth(server);

    const accepted = () => slack!.requests.filter((request) => request.answeredWith === "ok").length;
    await expect.poll(accepted, { timeout: 120_000 }).toBe(1);
    // Allo retrying the same delivery after the restart changes nothing either.
    expect(((await (await postWebhook(delivery, server.url)).json()) as { outcome: string }).outcome).toBe(
      "duplicate",
    );
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(accepted()).toBe(1);
    expect(outbox(dataDir).map((row) => row.status)).toEqual(["delivered"]);
  } finally {
    if (server) await killHard(server);
    await slack?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
