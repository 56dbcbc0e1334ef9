import { describe, expect, it } from "vitest";
import { driftItem } from "@/lib/allo/fake/faults";
import { buildSeed } from "@/lib/allo/fake/seed";
import { isCall, parseAlloTimestamp } from "@/lib/allo/item";
import { alloItemSchema, itemResponseSchema } from "@/lib/allo/schemas";

const base = {
  id: "cll-abc123",
  type: "CALL",
  direction: "INBOUND",
  allo_number: "+14155550100",
  contact_number: "+14155551234",
  contacts: [],
  user: { id: "usr-1", name: "John", email: "john@example.com" },
  date: "2023-11-07T05:31:56Z",
  duration: 123,
  result: "ANSWERED",
  recording_url: "https://storage.withallo.com/recordings/cll-abc123.mp3",
  summary: "s",
  tags: ["a"],
  transcript: [{ source: "USER", time: "2023-11-07T05:31:56Z", text: "hi" }],
  content: null,
  status: null,
  message_type: null,
};

describe("alloItemSchema", () => {
  it("accepts the documented example and every seeded demo item", () => {
    expect(alloItemSchema.safeParse(base).success).toBe(true);
    for (const { item } of buildSeed(Date.now(), 1000, "http://fake")) {
      const parsed = alloItemSchema.safeParse(item);
      expect(parsed.success, `${item.id}: ${parsed.error?.message}`).toBe(true);
    }
  });

  it("treats absent and null alike, normalising to null / empty arrays", () => {
    const { user: _user, summary: _summary, tags: _tags, transcript: _transcript, ...rest } = base;
    const parsed = alloItemSchema.parse({ ...rest, contacts: null, content: undefined });
    expect(parsed.user).toBeNull();
    expect(parsed.summary).toBeNull();
    expect(parsed.tags).toBeNull();
    expect(parsed.transcript).toBeNull();
    expect(parsed.content).toBeNull();
    expect(parsed.contacts).toEqual([]);
  });

  it("keeps unknown enum values as strings and drops unknown fields", () => {
    const parsed = alloItemSchema.parse({
      ...base,
      result: "HANDLED_BY_AI",
      transcript: [{ source: "IVR", time: "2023-11-07T05:31:59Z", text: "press 1", start_seconds: 3 }],
      brand_new: 1,
    });
    expect(parsed.result).toBe("HANDLED_BY_AI");
    expect(parsed.transcript?.[0]?.source).toBe("IVR");
    expect(parsed).not.toHaveProperty("brand_new");
    expect(parsed.transcript?.[0]).not.toHaveProperty("start_seconds");
  });

  it("accepts both SMS and TEXT_MESSAGE and slim contacts (no company/deals)", () => {
    for (const type of ["SMS", "TEXT_MESSAGE"]) {
      const parsed = alloItemSchema.parse({
        ...base,
        id: "msg-1",
        type,
        contacts: [{ id: "cnt-1", name: "A" }],
        duration: null,
        result: null,
        content: "hello",
        status: "DELIVERED",
        message_type: "MMS",
      });
      expect(isCall(parsed)).toBe(false);
      expect(parsed.contacts[0]?.company).toBeNull();
      expect(parsed.contacts[0]?.deals).toEqual([]);
    }
  });

  it("accepts the tolerable drift item (lowercase type, naive date, fractional duration)", () => {
    const parsed = itemResponseSchema.parse({ data: driftItem() });
    expect(parsed.data.type).toBe("call");
    expect(isCall(parsed.data)).toBe(true);
    expect(parsed.data.duration).toBe(75.5);
  });

  it.each([
    ["missing id", { ...base, id: undefined }],
    ["id with a foreign prefix", { ...base, id: "usr-1" }],
    ["unparseable date", { ...base, date: "yesterday" }],
    ["contacts not an array", { ...base, contacts: "none" }],
    ["transcript segment without time", { ...base, transcript: [{ source: "USER", text: "x" }] }],
    ["negative duration", { ...base, duration: -1 }],
    ["missing direction", { ...base, direction: undefined }],
  ])("rejects what the UI relies on: %s", (_name, value) => {
    expect(alloItemSchema.safeParse(value).success).toBe(false);
  });
});

describe("parseAlloTimestamp", () => {
  it("reads zoned and naive (UTC) ISO timestamps and refuses others", () => {
    expect(parseAlloTimestamp("2024-01-15T10:30:00Z")).toBe(Date.UTC(2024, 0, 15, 10, 30, 0));
    expect(parseAlloTimestamp("2024-01-15T10:30:00")).toBe(Date.UTC(2024, 0, 15, 10, 30, 0));
    expect(parseAlloTimestamp("2024-01-15T12:30:00+02:00")).toBe(Date.UTC(2024, 0, 15, 10, 30, 0));
    expect(parseAlloTimestamp("2024-01-15T10:30:00.123456Z")).toBe(Date.UTC(2024, 0, 15, 10, 30, 0, 123));
    expect(parseAlloTimestamp("15/01/2024")).toBeNull();
    expect(parseAlloTimestamp("2024-13-45T99:99:99Z")).toBeNull();
  });
});
