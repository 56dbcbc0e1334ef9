import { describe, expect, it } from "vitest";
import { isValidItemId, itemKindFromId, MAX_ITEM_ID_BODY } from "@/lib/allo/item-id";

describe("item ids", () => {
  it.each([
    "cll-abc123",
    "msg-def456",
    "cll_2NfDKEm9sF8xK3pQr1Zt",
    "cll-demo-billing",
    `cll-${"a".repeat(MAX_ITEM_ID_BODY)}`,
  ])("accepts %s", (id) => expect(isValidItemId(id)).toBe(true));

  it.each([
    "",
    "cll-",
    "cll--",
    "cll-_abc",
    "msg--x",
    "abc123",
    "usr-abc",
    "CLL-abc",
    "cll-abc/../x",
    "cll-abc%2F",
    "cll-abc def",
    "cll-abc\u0000",
    "cll-ábc",
    "cll-abc?extend=x",
    "cll-abc.mp3",
    `cll-${"a".repeat(MAX_ITEM_ID_BODY + 1)}`,
    "msg-<script>",
  ])("rejects %j", (id) => expect(isValidItemId(id)).toBe(false));

  it("derives the kind from the prefix", () => {
    expect(itemKindFromId("cll-1")).toBe("call");
    expect(itemKindFromId("msg-1")).toBe("message");
  });
});
