import { describe, expect, it } from "vitest";
import { parseAlloEvent } from "@/lib/notifications/allo-event.server";

const envelope = (topic: string, data: unknown, extra: Record<string, unknown> = {}) => ({
  topic,
  version: "2.0",
  timestamp: "2026-11-24T08:00:00.123456Z",
  data,
  ...extra,
});

function parse(payload: unknown, webhookId = "msg_abc") {
  const result = parseAlloEvent(payload, webhookId);
  if (!result.ok) throw new Error(result.error);
  return result.event;
}

describe("parseAlloEvent", () => {
  it("reads a call.completed envelope", () => {
    const event = parse(envelope("call.completed", { id: "cll_2NfDKEm9sF8xK3pQr1Zt", type: "INBOUND" }));
    expect(event).toEqual({
      webhookId: "msg_abc",
      topic: "call.completed",
      version: "2.0",
      itemId: "cll_2NfDKEm9sF8xK3pQr1Zt",
      tags: [],
      eventTimestampMs: Date.UTC(2026, 10, 24, 8, 0, 0, 123),
      dedupeKeys: ["webhook-id:msg_abc"],
    });
  });

  it.each([
    [{ id: "cll-abc123" }, "cll-abc123"],
    [{ call_id: "cll-abc123" }, "cll-abc123"],
    [{ item_id: "msg-def456" }, "msg-def456"],
    [{ id: "tag_123", call_id: "cll-abc123" }, "cll-abc123"],
    [{ id: "not an id" }, null],
    [{ id: 42 }, null],
    [{}, null],
  ])("takes the item id from %j", (data, expected) => {
    expect(parse(envelope("call.completed", data)).itemId).toBe(expected);
  });

  it.each([
    [{ tag: "Urgent" }, ["urgent"]],
    [{ key: "urgent" }, ["urgent"]],
    [{ tags: ["urgent", "billing", "urgent"] }, ["urgent", "billing"]],
    [{ tags: [{ key: "urgent" }, { name: "VIP" }, { other: 1 }, 7] }, ["urgent", "vip"]],
    [{ tag: { key: "urgent", name: "Urgent" } }, ["urgent"]],
    [{ tag: "" }, []],
  ])("reads tags from %j", (extra, expected) => {
    expect(parse(envelope("tag.added", { call_id: "cll-abc123", ...extra })).tags).toEqual(expected);
  });

  it("adds a semantic dedupe key to tag events, since Allo does not dedupe them", () => {
    const event = parse(envelope("tag.added", { call_id: "cll-abc123", tags: ["urgent", "billing"] }));
    expect(event.dedupeKeys).toEqual([
      "webhook-id:msg_abc",
      `tag.added:cll-abc123:billing,urgent:${Date.UTC(2026, 10, 24, 8, 0, 0, 123)}`,
    ]);
  });

  it("skips the semantic key without a timestamp (add, remove, re-add would collide)", () => {
    const event = parse(
      envelope("tag.added", { call_id: "cll-abc123", tag: "urgent" }, { timestamp: "soon" }),
    );
    expect(event.eventTimestampMs).toBeNull();
    expect(event.dedupeKeys).toEqual(["webhook-id:msg_abc"]);
  });

  it("reads Unix timestamps in seconds or milliseconds", () => {
    const ms = Date.UTC(2026, 10, 24);
    expect(parse(envelope("call.completed", {}, { timestamp: ms / 1000 })).eventTimestampMs).toBe(ms);
    expect(parse(envelope("call.completed", {}, { timestamp: ms })).eventTimestampMs).toBe(ms);
  });

  it("keeps unknown topics as valid events, lower-cased", () => {
    const event = parse(envelope("Contact.Merged", { id: "cnt-1" }));
    expect(event.topic).toBe("contact.merged");
    expect(event.itemId).toBeNull();
  });

  it("tolerates missing or odd data", () => {
    expect(parse({ topic: "call.completed" }).itemId).toBeNull();
    expect(parse({ topic: "call.completed", data: "text" }).tags).toEqual([]);
    expect(parse({ topic: "call.completed", data: [1, 2] }).version).toBeNull();
  });

  it.each([null, "call.completed", [], {}, { topic: "" }, { topic: 7 }])(
    "refuses %j: not an envelope",
    (payload) => {
      expect(parseAlloEvent(payload, "msg_abc").ok).toBe(false);
    },
  );
});
