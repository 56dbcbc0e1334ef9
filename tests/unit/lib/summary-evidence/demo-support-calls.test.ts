import { describe, expect, it } from "vitest";
import {
  SUPPORT_DEMO_CALL_LABELS,
  SUPPORT_DEMO_START,
  supportDemoCalls,
} from "@/lib/allo/fake/demo-support-calls";
import { buildSeed, type SeedItem } from "@/lib/allo/fake/seed";
import { alloItemSchema } from "@/lib/allo/schemas";
import { segmentOffsetSeconds } from "@/lib/transcript/timeline";

describe("supportDemoCalls", () => {
  it("returns valid wire-shaped calls whose ids do not collide with other seed calls", () => {
    const calls = supportDemoCalls();
    expect(calls.length).toBeGreaterThanOrEqual(5);
    const seeded = new Map(buildSeed(0, 0, "").map((entry) => [entry.item.id, entry.item]));
    for (const call of calls) {
      const item = alloItemSchema.parse(call);
      expect(item.id).toMatch(/^cll-demo-[a-z-]+$/);
      // Either not in the seed yet, or wired into it as this very call (not a different one).
      expect(seeded.get(item.id)?.summary ?? item.summary).toBe(item.summary);
      expect(SUPPORT_DEMO_CALL_LABELS[item.id]).toBeTruthy();
      expect(item.summary?.length).toBeGreaterThan(100);
    }
    expect(new Set(calls.map((call) => call.id)).size).toBe(calls.length);
  });

  it("has 10–40 chronological USER/EXTERNAL segments within each call", () => {
    for (const call of supportDemoCalls()) {
      const item = alloItemSchema.parse(call);
      const transcript = item.transcript ?? [];
      expect(transcript.length).toBeGreaterThanOrEqual(10);
      expect(transcript.length).toBeLessThanOrEqual(40);
      expect(new Set(transcript.map((segment) => segment.source))).toEqual(new Set(["USER", "EXTERNAL"]));
      let previous = -1;
      for (const segment of transcript) {
        const offset = segmentOffsetSeconds(segment.time, item.date, item.duration);
        expect(offset).toBeGreaterThan(previous);
        expect(offset).toBeLessThan(item.duration ?? 0);
        previous = offset;
      }
    }
  });

  it("starts at the given time and points at synthetic recordings when given a base URL", () => {
    const [first, second] = supportDemoCalls("2027-01-05T08:00:00Z", "http://fake.test/");
    expect(first?.date).toBe("2027-01-05T08:00:00Z");
    expect(Date.parse(second?.date ?? "")).toBeGreaterThan(Date.parse(first?.date ?? ""));
    expect(first?.recording_url).toBe(`http://fake.test/recordings/synthetic-${first?.duration}.mp3`);
    expect(supportDemoCalls()[0]?.date).toBe(SUPPORT_DEMO_START);
    expect(supportDemoCalls()[0]?.recording_url).toBeNull();
  });

  it("is part of the seed, each call once and with its label", () => {
    const seed = buildSeed(0, 0, "http://fake.test");
    const ids = seed.map((entry) => entry.item.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const call of supportDemoCalls(undefined, "http://fake.test")) {
      const entry: SeedItem | undefined = seed.find((candidate) => candidate.item.id === call.id);
      expect(entry?.item).toEqual(call);
      expect(entry?.label).toBe(SUPPORT_DEMO_CALL_LABELS[call.id]);
    }
  });
});
