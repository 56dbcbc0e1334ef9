import { describe, expect, it } from "vitest";
import {
  extendSchema,
  parseExtend,
  parseHistoryPage,
  parseIdempotencyKey,
  parseItemId,
  parseTagBody,
  parseTagParam,
} from "@/lib/api/request-schemas.server";

describe("request schemas", () => {
  it("accepts only extend=transcript", () => {
    expect(extendSchema.safeParse(undefined).success).toBe(true);
    expect(extendSchema.safeParse("transcript").success).toBe(true);
    for (const bad of ["", "tags", "transcript,tags", "TRANSCRIPT", " transcript"]) {
      expect(extendSchema.safeParse(bad).success).toBe(false);
    }
  });

  it("parses the item id and extend parameters into typed errors that carry the request id", () => {
    expect(parseItemId("cll-abc123", "req_aaaaaaaaaaaa")).toEqual({ ok: true, value: "cll-abc123" });
    const badId = parseItemId("usr-abc", "req_aaaaaaaaaaaa");
    expect(badId.ok).toBe(false);
    if (!badId.ok)
      expect([badId.error.code, badId.error.status, badId.error.requestId]).toEqual([
        "INVALID_ITEM_ID",
        400,
        "req_aaaaaaaaaaaa",
      ]);
    expect(parseExtend(new URLSearchParams("extend=transcript"), "req_x")).toEqual({ ok: true, value: true });
    expect(parseExtend(new URLSearchParams(""), "req_x")).toEqual({ ok: true, value: false });
    const twice = parseExtend(new URLSearchParams("extend=transcript&extend=transcript"), "req_x");
    expect(twice.ok ? null : twice.error.code).toBe("UNSUPPORTED_EXTEND_VALUE");
  });

  it("parses ?page= of a history: absent is 1, one whole number from 1 to 1000", () => {
    const page = (query: string) => parseHistoryPage(new URLSearchParams(query), "req_x");
    expect(page("")).toEqual({ ok: true, value: 1 });
    expect(page("page=3")).toEqual({ ok: true, value: 3 });
    expect(page("page=1000")).toEqual({ ok: true, value: 1000 });
    for (const bad of [
      "page=0",
      "page=1001",
      "page=-1",
      "page=1.5",
      "page=abc",
      "page=",
      "page=1&page=2",
      "page=1e3",
    ]) {
      const parsed = page(bad);
      expect(parsed.ok, bad).toBe(false);
      if (!parsed.ok)
        expect([parsed.error.code, parsed.error.param, parsed.error.status]).toEqual([
          "INVALID_PAGE",
          "page",
          400,
        ]);
    }
  });

  it("parses a tag change's body, tag and Idempotency-Key", () => {
    expect(parseTagBody('{"tag":"urgent"}', "req_x")).toEqual({ ok: true, value: "urgent" });
    expect(parseTagBody('{"tag":"  vip "}', "req_x")).toEqual({ ok: true, value: "vip" });
    for (const bad of [
      "",
      "not json",
      "{}",
      '{"tag":""}',
      '{"tag":42}',
      `{"tag":"${"x".repeat(101)}"}`,
      '{"tag":"a\nb"}',
    ]) {
      const parsed = parseTagBody(bad, "req_x");
      expect(parsed.ok, bad).toBe(false);
      if (!parsed.ok) expect(parsed.error.code).toBe("INVALID_TAG");
    }
    expect(parseTagParam("ünïcödé", "req_x")).toEqual({ ok: true, value: "ünïcödé" });
    expect(parseTagParam("a\u0000b", "req_x").ok).toBe(false);

    const key = (value: string | null) =>
      parseIdempotencyKey(new Headers(value === null ? {} : { "idempotency-key": value }), "req_x");
    expect(key("0b6f0c1e-8d7a-4c1e-9d3e-2f6a1b0c9d8e")).toEqual({
      ok: true,
      value: "0b6f0c1e-8d7a-4c1e-9d3e-2f6a1b0c9d8e",
    });
    for (const bad of [null, "", "short", "has spaces in it!!", "x".repeat(129)]) {
      const parsed = key(bad);
      expect(parsed.ok, String(bad)).toBe(false);
      if (!parsed.ok) expect(parsed.error.code).toBe("INVALID_IDEMPOTENCY_KEY");
    }
  });
});
