import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { receiveAlloWebhook } from "@/lib/notifications/receiver.server";
import type { NotificationStore } from "@/lib/notifications/store/notification-store";
import { openSqliteNotificationStore } from "@/lib/notifications/store/sqlite-notification-store.server";
import { signWebhook } from "@/lib/notifications/webhook-signature.server";
import { captureLogger, SECRET_NEW, SECRET_OLD, tempDir } from "@/tests/support/notification-fixtures";

const NOW_MS = Date.UTC(2026, 10, 24, 8, 0, 0);
const BODY = JSON.stringify({ topic: "call.completed", version: "2.0", data: { id: "cll-demo-missed" } });

let store: NotificationStore;
let dataDir: string;
let remove: () => void;
const log = captureLogger();

beforeEach(() => {
  const temp = tempDir();
  remove = temp.remove;
  dataDir = path.join(temp.dir, "data");
  store = openSqliteNotificationStore({ dataDir });
});
afterEach(async () => {
  await store.close();
  remove();
});

function receive(
  rawBody: string,
  options: { secret?: string; secrets?: string[]; timestampSeconds?: number } = {},
) {
  const headers = signWebhook({
    id: "msg_receiver_test_0001",
    timestampSeconds: options.timestampSeconds ?? NOW_MS / 1000,
    body: rawBody,
    secret: options.secret ?? SECRET_NEW,
  });
  return receiveAlloWebhook({
    rawBody,
    headers,
    secrets: options.secrets ?? [SECRET_NEW],
    store,
    logger: log.logger,
    nowMs: NOW_MS,
  });
}

describe("receiveAlloWebhook", () => {
  it("records a signed event (200), then answers 200 duplicate", async () => {
    expect(await receive(BODY)).toEqual({
      status: 200,
      outcome: "recorded",
      body: { ok: true, outcome: "recorded" },
    });
    expect((await receive(BODY)).outcome).toBe("duplicate");
  });

  it("answers 401 for a wrong secret or a stale timestamp, and records nothing", async () => {
    expect(await receive(BODY, { secret: SECRET_OLD })).toMatchObject({
      status: 401,
      outcome: "bad-signature",
    });
    expect(await receive(BODY, { timestampSeconds: NOW_MS / 1000 - 600 })).toMatchObject({
      status: 401,
      outcome: "stale-timestamp",
    });
    const missing = await receiveAlloWebhook({
      rawBody: BODY,
      headers: {},
      secrets: [SECRET_NEW],
      store,
      logger: log.logger,
    });
    expect(missing).toMatchObject({ status: 401, outcome: "missing-headers" });
    expect(await store.claimDueEvents({ nowMs: NOW_MS, limit: 10, leaseMs: 1_000, owner: "t" })).toEqual([]);
  });

  it("answers 400 for a signed body that is not JSON or not an event", async () => {
    expect(await receive("hello")).toMatchObject({ status: 400, outcome: "not-json" });
    expect(await receive(JSON.stringify({ data: {} }))).toMatchObject({
      status: 400,
      outcome: "not-an-event",
    });
  });

  it("answers 503 when no secret is configured", async () => {
    expect(await receive(BODY, { secrets: [] })).toMatchObject({ status: 503, outcome: "not-configured" });
  });

  it("accepts both secrets during a rotation", async () => {
    expect((await receive(BODY, { secret: SECRET_OLD, secrets: [SECRET_NEW, SECRET_OLD] })).status).toBe(200);
  });

  it("answers 500 when the store cannot record (Allo will retry)", async () => {
    await store.close();
    expect(await receive(BODY)).toMatchObject({ status: 500, outcome: "store-error" });
    store = openSqliteNotificationStore({ dataDir });
  });
});
