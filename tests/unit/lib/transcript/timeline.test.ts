import { describe, expect, it } from "vitest";
import {
  buildTimeline,
  findSegmentIndexAt,
  lanePath,
  laneRectangles,
  groupSegments,
  resolveCurrentIndex,
  segmentOffsetSeconds,
  speakerSpans,
  talkShares,
} from "@/lib/transcript/timeline";

const date = "2026-11-23T14:00:00Z";
const base = {
  date,
  duration: 60,
  user: { id: "usr-alex", name: "Alex Martin", email: null },
  contacts: [{ id: "cnt-maria", name: "Maria Gonzalez", company: null, deals: [] }],
  contact_number: "+14155551234",
};
const seg = (source: string, seconds: number, text = `${source} at ${seconds}`) => ({
  source,
  time: new Date(Date.parse(date) + seconds * 1000).toISOString(),
  text,
});

describe("segmentOffsetSeconds", () => {
  it("is the seconds since the call started", () => {
    expect(segmentOffsetSeconds("2026-11-23T14:01:23Z", date, 600)).toBe(83);
    expect(segmentOffsetSeconds("2026-11-23T14:00:01.5Z", date, 600)).toBe(1.5);
  });

  it("clamps segments before the call to 0", () => {
    expect(segmentOffsetSeconds("2026-11-23T13:59:50Z", date, 600)).toBe(0);
  });

  it("clamps segments after the end to the duration", () => {
    expect(segmentOffsetSeconds("2026-11-23T14:20:00Z", date, 600)).toBe(600);
  });

  it("does not clamp by a missing or zero duration", () => {
    expect(segmentOffsetSeconds("2026-11-23T14:20:00Z", date, null)).toBe(1200);
    expect(segmentOffsetSeconds("2026-11-23T14:20:00Z", date, 0)).toBe(1200);
  });

  it("reads naive timestamps as UTC, on either side", () => {
    expect(segmentOffsetSeconds("2026-11-23T14:00:03", date, 60)).toBe(3);
    expect(segmentOffsetSeconds("2026-11-23T14:00:03Z", "2026-11-23T14:00:00", 60)).toBe(3);
    expect(segmentOffsetSeconds("2026-11-23T16:00:03+02:00", "2026-11-23T14:00:00", 60)).toBe(3);
  });
});

describe("buildTimeline", () => {
  it("handles a missing transcript", () => {
    const timeline = buildTimeline({ ...base, transcript: null });
    expect(timeline.segments).toEqual([]);
    expect(timeline.speakers).toEqual([]);
    expect(timeline.durationSeconds).toBe(60);
  });

  it("orders segments chronologically, keeping ties in API order", () => {
    const timeline = buildTimeline({
      ...base,
      transcript: [seg("USER", 10, "b"), seg("EXTERNAL", 2, "a"), seg("USER", 10, "c")],
    });
    expect(timeline.segments.map((s) => s.text)).toEqual(["a", "b", "c"]);
    expect(timeline.offsets).toEqual([2, 10, 10]);
    expect(timeline.segments.map((s) => s.index)).toEqual([0, 1, 2]);
  });

  it("marks the first segment of each speaker run and lists speakers by first appearance", () => {
    const timeline = buildTimeline({
      ...base,
      transcript: [seg("EXTERNAL", 1), seg("EXTERNAL", 3), seg("USER", 5), seg("IVR", 7), seg("EXTERNAL", 9)],
    });
    expect(timeline.segments.map((s) => s.startsGroup)).toEqual([true, false, true, true, true]);
    expect(timeline.speakers.map((s) => s.label)).toEqual(["Maria Gonzalez", "Alex Martin", "IVR"]);
  });

  it("uses hours in clocks only for calls of an hour or more", () => {
    expect(buildTimeline({ ...base, transcript: [] }).withHours).toBe(false);
    expect(buildTimeline({ ...base, duration: 5712, transcript: [] }).withHours).toBe(true);
  });

  it("leaves a tail after the last segment when there is no duration", () => {
    const timeline = buildTimeline({ ...base, duration: null, transcript: [seg("USER", 40)] });
    expect(timeline.durationSeconds).toBe(45);
  });
});

describe("groupSegments", () => {
  it("groups consecutive segments of one speaker", () => {
    const { segments } = buildTimeline({
      ...base,
      transcript: [
        seg("USER", 1),
        seg("USER", 2),
        seg("EXTERNAL", 3),
        seg("USER", 4),
        seg("USER", 5),
        seg("USER", 6),
      ],
    });
    expect(groupSegments(segments).map((g) => [g.speaker.key, g.firstIndex, g.lastIndex])).toEqual([
      ["USER", 0, 1],
      ["EXTERNAL", 2, 2],
      ["USER", 3, 5],
    ]);
  });

  it("returns no groups for no segments", () => {
    expect(groupSegments([])).toEqual([]);
  });
});

describe("findSegmentIndexAt", () => {
  const offsets = [0.3, 6.6, 14.8, 20.9, 32.2];

  it("finds the last segment starting at or before the time", () => {
    expect(findSegmentIndexAt(offsets, 0.3)).toBe(0);
    expect(findSegmentIndexAt(offsets, 6.59)).toBe(0);
    expect(findSegmentIndexAt(offsets, 6.6)).toBe(1);
    expect(findSegmentIndexAt(offsets, 20)).toBe(2);
    expect(findSegmentIndexAt(offsets, 32.2)).toBe(4);
    expect(findSegmentIndexAt(offsets, 1e9)).toBe(4);
  });

  it("returns -1 before the first segment, for empty lists and for non-numbers", () => {
    expect(findSegmentIndexAt(offsets, 0)).toBe(-1);
    expect(findSegmentIndexAt([], 10)).toBe(-1);
    expect(findSegmentIndexAt(offsets, Number.NaN)).toBe(-1);
  });

  it("takes the last of equal offsets", () => {
    expect(findSegmentIndexAt([0, 0, 0, 5], 0)).toBe(2);
    expect(findSegmentIndexAt([1, 5, 5, 5], 5)).toBe(3);
  });

  it("works on a single segment and on large lists", () => {
    expect(findSegmentIndexAt([3], 2)).toBe(-1);
    expect(findSegmentIndexAt([3], 3)).toBe(0);
    const many = Array.from({ length: 1620 }, (_, i) => i * 3.5);
    expect(findSegmentIndexAt(many, 3.5 * 1000 + 1)).toBe(1000);
    expect(findSegmentIndexAt(many, 3.5 * 1619)).toBe(1619);
  });
});

describe("resolveCurrentIndex", () => {
  it("keeps a chosen segment that shares its offset with later ones", () => {
    expect(resolveCurrentIndex([0, 0, 5], 0, 0)).toBe(0);
    expect(resolveCurrentIndex([0, 0, 5], 0, null)).toBe(1);
  });

  it("moves on once playback passes the chosen offset", () => {
    expect(resolveCurrentIndex([0, 0, 5], 6, 0)).toBe(2);
  });
});

describe("speakerSpans", () => {
  it("merges adjacent spans of one speaker and runs the last to the end", () => {
    const timeline = buildTimeline({
      ...base,
      transcript: [seg("EXTERNAL", 1), seg("EXTERNAL", 5), seg("USER", 10), seg("EXTERNAL", 30)],
    });
    expect(speakerSpans(timeline)).toEqual([
      { speakerKey: "EXTERNAL", startSeconds: 1, endSeconds: 10 },
      { speakerKey: "USER", startSeconds: 10, endSeconds: 30 },
      { speakerKey: "EXTERNAL", startSeconds: 30, endSeconds: 60 },
    ]);
  });

  it("computes talk shares from the spans", () => {
    const shares = talkShares([
      { speakerKey: "A", startSeconds: 0, endSeconds: 30 },
      { speakerKey: "B", startSeconds: 30, endSeconds: 40 },
      { speakerKey: "A", startSeconds: 40, endSeconds: 50 },
    ]);
    expect(shares.get("A")).toBeCloseTo(0.8);
    expect(shares.get("B")).toBeCloseTo(0.2);
  });
});

describe("laneRectangles and lanePath", () => {
  const spans = [
    { speakerKey: "A", startSeconds: 0, endSeconds: 10 },
    { speakerKey: "B", startSeconds: 10, endSeconds: 10.2 },
    { speakerKey: "A", startSeconds: 10.2, endSeconds: 20 },
    { speakerKey: "B", startSeconds: 20, endSeconds: 40 },
    { speakerKey: "A", startSeconds: 40, endSeconds: 60 },
  ];

  it("merges one speaker's blocks closer than the minimum gap and widens tiny ones", () => {
    const lanes = laneRectangles(spans, { minWidthSeconds: 1, minGapSeconds: 1 });
    // A's 0.2 s gap vanishes at the bar's width; its 20 s gap does not.
    expect(lanes.get("A")).toEqual([
      { startSeconds: 0, endSeconds: 20 },
      { startSeconds: 40, endSeconds: 60 },
    ]);
    // B's 0.2 s turn is drawn 1 s wide so it stays visible.
    expect(lanes.get("B")).toEqual([
      { startSeconds: 10, endSeconds: 11 },
      { startSeconds: 20, endSeconds: 40 },
    ]);
  });

  it("keeps every block when the minimum gap is zero", () => {
    const lanes = laneRectangles(spans, { minWidthSeconds: 0, minGapSeconds: 0 });
    expect(lanes.get("A")).toHaveLength(3);
  });

  it("draws one closed rectangle per block at the lane's height, rounded to 0.1 s", () => {
    expect(
      lanePath(
        [
          { startSeconds: 0, endSeconds: 20.04 },
          { startSeconds: 40.26, endSeconds: 60 },
        ],
        14,
        10,
      ),
    ).toBe("M0 14h20v10H0zM40.3 14h19.7v10H40.3z");
    expect(lanePath([], 0, 10)).toBe("");
  });
});
