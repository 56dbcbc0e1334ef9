import { describe, expect, it } from "vitest";
import { extendSchema, parseExtend, parseItemId } from "@/lib/api/request-schemas.server";

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
});
