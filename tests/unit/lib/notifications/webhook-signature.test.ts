import { describe, expect, it } from "vitest";
import { signWebhook, verifyAlloWebhook } from "@/lib/notifications/webhook-signature.server";
import { SECRET_NEW, SECRET_OLD } from "@/tests/support/notification-fixtures";

const NOW_MS = Date.UTC(2026, 10, 24, 8, 0, 0);
const NOW_S = NOW_MS / 1000;
const BODY = JSON.stringify({
  topic: "call.completed",
  version: "2.0",
  timestamp: "2026-11-24T08:00:00.123456Z",
  data: { id: "cll-demo-missed" },
});

function signed(body = BODY, secret = SECRET_NEW, timestampSeconds = NOW_S, id = "msg_2NfDKEm9sF8xK3pQr1Zt") {
  return signWebhook({ id, timestampSeconds, body, secret });
}

describe("verifyAlloWebhook", () => {
  it("accepts a correctly signed body and returns the parsed payload", () => {
    const result = verifyAlloWebhook({
      rawBody: BODY,
      headers: signed(),
      secrets: [SECRET_NEW],
      nowMs: NOW_MS,
    });
    expect(result).toEqual({
      ok: true,
      payload: JSON.parse(BODY),
      webhookId: "msg_2NfDKEm9sF8xK3pQr1Zt",
      timestampSeconds: NOW_S,
    });
  });

  it("reads headers case-insensitively, from a Headers object too", () => {
    const upper = Object.fromEntries(Object.entries(signed()).map(([k, v]) => [k.toUpperCase(), v]));
    expect(
      verifyAlloWebhook({ rawBody: BODY, headers: upper, secrets: [SECRET_NEW], nowMs: NOW_MS }).ok,
    ).toBe(true);
    const headers = new Headers(signed());
    expect(verifyAlloWebhook({ rawBody: BODY, headers, secrets: [SECRET_NEW], nowMs: NOW_MS }).ok).toBe(true);
  });

  it("refuses a tampered body", () => {
    const tampered = BODY.replace("cll-demo-missed", "cll-demo-billing");
    expect(
      verifyAlloWebhook({ rawBody: tampered, headers: signed(), secrets: [SECRET_NEW], nowMs: NOW_MS }),
    ).toEqual({ ok: false, reason: "bad-signature" });
  });

  it("refuses a signature made with another secret", () => {
    expect(
      verifyAlloWebhook({
        rawBody: BODY,
        headers: signed(BODY, SECRET_OLD),
        secrets: [SECRET_NEW],
        nowMs: NOW_MS,
      }),
    ).toEqual({ ok: false, reason: "bad-signature" });
  });

  it("accepts the old and the new secret during a rotation", () => {
    for (const secret of [SECRET_OLD, SECRET_NEW]) {
      const result = verifyAlloWebhook({
        rawBody: BODY,
        headers: signed(BODY, secret),
        secrets: [SECRET_NEW, SECRET_OLD],
        nowMs: NOW_MS,
      });
      expect(result.ok).toBe(true);
    }
  });

  it("accepts when any of several listed signatures matches", () => {
    const good = signed()["webhook-signature"];
    const headers = { ...signed(), "webhook-signature": `v1,AAAA v2,whatever ${good}` };
    expect(verifyAlloWebhook({ rawBody: BODY, headers, secrets: [SECRET_NEW], nowMs: NOW_MS }).ok).toBe(true);
  });

  it.each([
    ["10 minutes old", NOW_S - 600],
    ["10 minutes ahead", NOW_S + 600],
  ])("refuses a timestamp %s, even correctly signed", (_label, timestamp) => {
    const headers = signed(BODY, SECRET_NEW, timestamp);
    expect(verifyAlloWebhook({ rawBody: BODY, headers, secrets: [SECRET_NEW], nowMs: NOW_MS })).toEqual({
      ok: false,
      reason: "stale-timestamp",
    });
  });

  it("accepts a timestamp 4 minutes off (inside the 5-minute window)", () => {
    const headers = signed(BODY, SECRET_NEW, NOW_S - 240);
    expect(verifyAlloWebhook({ rawBody: BODY, headers, secrets: [SECRET_NEW], nowMs: NOW_MS }).ok).toBe(true);
  });

  it.each(["webhook-id", "webhook-timestamp", "webhook-signature"])(
    "refuses a request without %s",
    (name) => {
      const headers: Record<string, string> = { ...signed() };
      delete headers[name];
      expect(verifyAlloWebhook({ rawBody: BODY, headers, secrets: [SECRET_NEW], nowMs: NOW_MS })).toEqual({
        ok: false,
        reason: "missing-headers",
      });
    },
  );

  it("treats an unreadable timestamp like a missing header", () => {
    const headers = { ...signed(), "webhook-timestamp": "yesterday" };
    expect(verifyAlloWebhook({ rawBody: BODY, headers, secrets: [SECRET_NEW], nowMs: NOW_MS })).toEqual({
      ok: false,
      reason: "missing-headers",
    });
  });

  it.each(["garbage", "v1,", "v1,not-base64!!", "v2,abc", "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="])(
    "refuses the garbage signature %j",
    (signature) => {
      const headers = { ...signed(), "webhook-signature": signature };
      expect(verifyAlloWebhook({ rawBody: BODY, headers, secrets: [SECRET_NEW], nowMs: NOW_MS })).toEqual({
        ok: false,
        reason: "bad-signature",
      });
    },
  );

  it("tells a correctly signed non-JSON body apart from a bad signature", () => {
    const body = "topic=call.completed&id=cll-demo-missed";
    expect(
      verifyAlloWebhook({ rawBody: body, headers: signed(body), secrets: [SECRET_NEW], nowMs: NOW_MS }),
    ).toEqual({ ok: false, reason: "not-json" });
    expect(
      verifyAlloWebhook({ rawBody: "", headers: signed(""), secrets: [SECRET_NEW], nowMs: NOW_MS }),
    ).toEqual({ ok: false, reason: "not-json" });
  });

  it("verifies a 1 MB body (the size limit belongs to the route)", () => {
    const body = JSON.stringify({
      topic: "call.completed",
      data: { id: "cll-big", padding: "x".repeat(1_048_576) },
    });
    const result = verifyAlloWebhook({
      rawBody: body,
      headers: signed(body),
      secrets: [SECRET_NEW],
      nowMs: NOW_MS,
    });
    expect(result.ok).toBe(true);
  });

  it("never matches with no secrets configured", () => {
    expect(verifyAlloWebhook({ rawBody: BODY, headers: signed(), secrets: [], nowMs: NOW_MS })).toEqual({
      ok: false,
      reason: "bad-signature",
    });
  });
});

describe("signWebhook", () => {
  it("produces the three Standard Webhooks headers", () => {
    const headers = signed();
    expect(headers["webhook-id"]).toBe("msg_2NfDKEm9sF8xK3pQr1Zt");
    expect(headers["webhook-timestamp"]).toBe(String(NOW_S));
    expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
  });
});
