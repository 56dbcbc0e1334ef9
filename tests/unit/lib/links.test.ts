import { describe, expect, it } from "vitest";
import { applyLinkTemplate, itemPath, itemReferenceError, parseItemReference } from "@/lib/links";

describe("applyLinkTemplate", () => {
  it("replaces every {id} with the URL-encoded id", () => {
    expect(applyLinkTemplate("https://crm.example.com/contacts/{id}", "cnt-maria")).toBe(
      "https://crm.example.com/contacts/cnt-maria",
    );
    expect(applyLinkTemplate("https://crm.example.com/c/{id}?ref={id}", "a b/c")).toBe(
      "https://crm.example.com/c/a%20b%2Fc?ref=a%20b%2Fc",
    );
  });

  it("gives no link without a template or id, or for non-http results", () => {
    expect(applyLinkTemplate(null, "cnt-maria")).toBeNull();
    expect(applyLinkTemplate("https://crm.example.com/{id}", "")).toBeNull();
    expect(applyLinkTemplate("javascript:alert('{id}')", "x")).toBeNull();
    expect(applyLinkTemplate("not a url {id}", "x")).toBeNull();
  });
});

describe("itemPath", () => {
  it("builds item page paths with an optional time", () => {
    expect(itemPath("cll-abc")).toBe("/items/cll-abc");
    expect(itemPath("cll-abc", "1m2s")).toBe("/items/cll-abc?t=1m2s");
  });
});

describe("parseItemReference", () => {
  it.each([
    ["cll-abc123", "cll-abc123", null],
    ["  msg_XyZ-9  ", "msg_XyZ-9", null],
    ["CLL-AbC", "cll-AbC", null],
    ["https://callview.example.com/items/cll-abc?t=1m2s", "cll-abc", "1m2s"],
    ["http://127.0.0.1:3000/items/msg-demo-inbound", "msg-demo-inbound", null],
    ["callview.example.com/items/cll-abc?t=83", "cll-abc", "83"],
    ["https://app.withallo.com/conversations/cll_8f2k1?tab=summary", "cll_8f2k1", null],
    ["https://app.withallo.com/inbox?item=msg-77aa", "msg-77aa", null],
    ["<https://callview.example.com/items/cll-abc>", "cll-abc", null],
    ["Call id: cll-abc.", "cll-abc", null],
  ])("%s → %s", (input, id, t) => {
    const parsed = parseItemReference(input);
    expect(parsed).toEqual({ ok: true, id, t, href: t ? `/items/${id}?t=${t}` : `/items/${id}` });
  });

  it("keeps the moment of a bare id or a relative link", () => {
    expect(parseItemReference("cll-demo-billing?t=30")).toEqual({
      ok: true,
      id: "cll-demo-billing",
      t: "30",
      href: "/items/cll-demo-billing?t=30",
    });
    expect(parseItemReference("/items/cll-abc?x=1&t=1m2s")).toMatchObject({
      ok: true,
      id: "cll-abc",
      href: "/items/cll-abc?t=1m2s",
    });
    expect(parseItemReference("cll-abc?t=soon")).toMatchObject({ ok: true, t: null, href: "/items/cll-abc" });
  });

  it("drops a time that does not parse instead of rejecting the link", () => {
    expect(parseItemReference("https://x.example/items/cll-abc?t=soon")).toMatchObject({ ok: true, t: null });
  });

  it.each([
    ["", "empty"],
    ["   ", "empty"],
    ["hello world", "no-id"],
    ["cll-", "no-id"],
    ["usr-alex01", "no-id"],
    ["https://callview.example.com/items/not-an-id", "no-id"],
  ] as const)("rejects %s (%s)", (input, reason) => {
    expect(parseItemReference(input)).toEqual({ ok: false, reason });
  });

  it("rejects ids longer than Allo's and pastes longer than any link", () => {
    expect(parseItemReference(`cll-${"a".repeat(65)}`)).toEqual({ ok: false, reason: "no-id" });
    expect(parseItemReference("x".repeat(2_001))).toEqual({ ok: false, reason: "too-long" });
  });

  it("only ever produces a path on this site, whatever the paste's scheme", () => {
    expect(parseItemReference("javascript:alert('cll-abc')")).toEqual({
      ok: true,
      id: "cll-abc",
      t: null,
      href: "/items/cll-abc",
    });
  });

  it("explains each rejection in words", () => {
    expect(itemReferenceError("no-id")).toMatch(/cll-/);
    expect(itemReferenceError("empty")).toMatch(/Paste/);
  });
});
