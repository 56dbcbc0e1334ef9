/**
 * POST /api/webhooks/allo, the route handler itself, with a real SQLite store in a temporary
 * directory and the fake Allo over HTTP: every signature case gets its status, and nothing but
 * a valid delivery is stored (checked in the database file), fetched or sent.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeAlloServer, type FakeAlloServer } from "@/lib/allo/fake/http-server";
import { SECRET_NEW, SECRET_OLD } from "../support/notification-fixtures";

const KEY = "ak_live_webhook_route_test_77";
let fake: FakeAlloServer;
let dataDir: string;
let route: typeof import("@/app/api/webhooks/allo/route");

beforeAll(async () => {
  fake = await startFakeAlloServer({ apiKey: KEY, summaryDelayMs: 0 });
  dataDir = mkdtempSync(path.join(tmpdir(), "callview-webhook-route-"));
  Object.assign(process.env, {
    ALLO_API_KEY: KEY,
    ALLO_API_BASE_URL: fake.url,
    AUTH_MODE: "none",
    // Rotation: the old and the new secret are both accepted for a while.
    ALLO_WEBHOOK_SECRET: `${SECRET_NEW},${SECRET_OLD}`,
    CALLVIEW_DATA_DIR: dataDir,
  });
  route = await import("@/app/api/webhooks/allo/route");
});

afterAll(async () => {
  const { stopNotifications } = await import("@/lib/server/notifications.server");
  await stopNotifications();
  await fake.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function storedEvents(): number {
  const db = new Database(path.join(dataDir, "callview.sqlite"), { readonly: true });
  try {
    return (db.prepare("SELECT count(*) AS n FROM events").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

let sequence = 0;
function delivery(options: { secret?: string; ageSeconds?: number; body?: string } = {}) {
  const id = `msg_route${String(++sequence).padStart(16, "0")}`;
  const body =
    options.body ??
    JSON.stringify({
      topic: "call.completed",
      version: "2.0",
      timestamp: new Date().toISOString(),
      data: { id: "cll-demo-missed" },
    });
  const at = new Date(Date.now() - (options.ageSeconds ?? 0) * 1000);
  const signature = new Webhook(options.secret ?? SECRET_NEW).sign(id, at, body);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": signature,
  };
  return { id, body, headers };
}

async function post(headers: Record<string, string>, body: string) {
  const response = await route.POST(
    new Request("http://127.0.0.1/api/webhooks/allo", { method: "POST", headers, body }),
    { params: Promise.resolve({}) },
  );
  return {
    status: response.status,
    json: (await response.json()) as Record<string, unknown> & { error?: { code: string } },
  };
}

describe("POST /api/webhooks/allo", () => {
  it("refuses every bad delivery with its own status, and stores, fetches and sends nothing", async () => {
    const good = delivery();
    const tampered = { ...good, body: good.body.replace("cll-demo-missed", "cll-demo-billing") };
    const cases: [string, Record<string, string>, string, number, string][] = [
      ["tampered body", tampered.headers, tampered.body, 401, "WEBHOOK_SIGNATURE_INVALID"],
      [
        "wrong secret",
        delivery({ secret: `whsec_${Buffer.from("some-other-team-secret-000").toString("base64")}` }).headers,
        good.body,
        401,
        "WEBHOOK_SIGNATURE_INVALID",
      ],
      [
        "10 minutes old",
        ...((d) => [d.headers, d.body] as const)(delivery({ ageSeconds: 600 })),
        401,
        "WEBHOOK_SIGNATURE_INVALID",
      ],
      [
        "10 minutes ahead",
        ...((d) => [d.headers, d.body] as const)(delivery({ ageSeconds: -600 })),
        401,
        "WEBHOOK_SIGNATURE_INVALID",
      ],
      ["no headers", { "content-type": "application/json" }, good.body, 401, "WEBHOOK_SIGNATURE_INVALID"],
      [
        "garbage signature",
        { ...good.headers, "webhook-signature": "v1,not-base64!! v2,zzz" },
        good.body,
        401,
        "WEBHOOK_SIGNATURE_INVALID",
      ],
      [
        "not JSON, validly signed",
        ...((d) => [d.headers, d.body] as const)(delivery({ body: "topic=call.completed" })),
        400,
        "INVALID_REQUEST",
      ],
      ["1 MB body", good.headers, `${good.body}${" ".repeat(1024 * 1024)}`, 413, "PAYLOAD_TOO_LARGE"],
    ];
    const before = fake.fake.stats.itemRequests;
    for (const [name, headers, body, status, code] of cases) {
      const answer = await post(headers, body);
      expect([name, answer.status, answer.json.error?.code]).toEqual([name, status, code]);
    }
    expect(storedEvents()).toBe(0);
    // The engine finds nothing to process, so Allo is never asked.
    const { notificationsRuntime } = await import("@/lib/server/notifications.server");
    expect((await notificationsRuntime().engine.processDueEvents()).claimed).toBe(0);
    expect(fake.fake.stats.itemRequests).toBe(before);
  });

  it("accepts a valid delivery signed with the new or the old secret, once", async () => {
    const withNew = delivery({ secret: SECRET_NEW });
    const withOld = delivery({ secret: SECRET_OLD });
    expect(await post(withNew.headers, withNew.body)).toEqual({
      status: 200,
      json: { ok: true, outcome: "recorded" },
    });
    expect(await post(withOld.headers, withOld.body)).toEqual({
      status: 200,
      json: { ok: true, outcome: "recorded" },
    });
    expect(await post(withOld.headers, withOld.body)).toEqual({
      status: 200,
      json: { ok: true, outcome: "duplicate" },
    });
    expect(storedEvents()).toBe(2);
  });

  it("records an unknown topic (2xx, so Allo stops retrying) and notifies nothing for it", async () => {
    const unknown = delivery({
      body: JSON.stringify({
        topic: "invoice.paid",
        version: "2.0",
        timestamp: new Date().toISOString(),
        data: {},
      }),
    });
    expect((await post(unknown.headers, unknown.body)).status).toBe(200);
  });
});
