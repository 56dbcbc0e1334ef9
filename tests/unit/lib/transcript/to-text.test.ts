import { describe, expect, it } from "vitest";
import { formatSpokenDuration, linkToMoment, parseTimeParam } from "@/lib/format/time";
import { buildTimeline } from "@/lib/transcript/timeline";
import { transcriptToText } from "@/lib/transcript/to-text";

const date = "2026-11-23T14:00:00Z";
const at = (seconds: number) => new Date(Date.parse(date) + seconds * 1000).toISOString();
const base = {
  date,
  user: { id: "usr-alex", name: "Alex Martin", email: null },
  contacts: [{ id: "cnt-maria", name: "Maria Gonzalez", company: null, deals: [] }],
  contact_number: null,
};

describe("transcriptToText", () => {
  it("writes one [m:ss] Name: text line per segment", () => {
    const timeline = buildTimeline({
      ...base,
      duration: 120,
      transcript: [
        { source: "EXTERNAL", time: at(83), text: "Hi, I was charged twice." },
        { source: "USER", time: at(90), text: "Let me check\nthat for you." },
        { source: "IVR", time: at(95), text: "<b>Press 1</b>" },
      ],
    });
    expect(transcriptToText(timeline)).toBe(
      [
        "[1:23] Maria Gonzalez: Hi, I was charged twice.",
        "[1:30] Alex Martin: Let me check that for you.",
        "[1:35] IVR: <b>Press 1</b>",
      ].join("\n"),
    );
  });

  it("uses hour clocks for long calls", () => {
    const timeline = buildTimeline({
      ...base,
      duration: 5712,
      transcript: [{ source: "USER", time: at(65), text: "ok" }],
    });
    expect(transcriptToText(timeline)).toBe("[0:01:05] Alex Martin: ok");
  });

  it("is empty without a transcript", () => {
    expect(transcriptToText(buildTimeline({ ...base, duration: 0, transcript: null }))).toBe("");
  });
});

describe("formatSpokenDuration", () => {
  it("spells positions for screen readers", () => {
    expect(formatSpokenDuration(83)).toBe("1 minute 23 seconds");
    expect(formatSpokenDuration(240)).toBe("4 minutes");
    expect(formatSpokenDuration(0)).toBe("0 seconds");
    expect(formatSpokenDuration(1)).toBe("1 second");
    expect(formatSpokenDuration(3723.9)).toBe("1 hour 2 minutes 3 seconds");
    expect(formatSpokenDuration(Number.NaN)).toBe("0 seconds");
  });
});

describe("linkToMoment", () => {
  it("sets t and keeps other parameters in place", () => {
    expect(linkToMoment("https://cv.example/items/cll-1?ref=mail&t=5#x", 83.9)).toBe(
      "https://cv.example/items/cll-1?ref=mail&t=1m23s",
    );
    expect(linkToMoment("https://cv.example/items/cll-1", 3723)).toBe(
      "https://cv.example/items/cll-1?t=1h2m3s",
    );
  });

  it("round-trips through parseTimeParam", () => {
    const link = new URL(linkToMoment("https://cv.example/items/cll-1", 59.9));
    expect(parseTimeParam(link.searchParams.get("t"))).toBe(59);
  });
});
