import { describe, expect, it } from "vitest";
import type { PublicItem } from "@/lib/items/public-item";
import { firstLoadItem } from "@/lib/server/first-load-item.server";
import {
  CHARS_PER_LINE,
  LEADING_SEGMENTS,
  SEGMENTS_AROUND_START,
  WHOLE_TRANSCRIPT_MAX_SEGMENTS,
  withheldLines,
} from "@/lib/transcript/first-load";
import { buildTimeline, timelineOf } from "@/lib/transcript/timeline";

const date = "2026-11-23T14:00:00Z";

/** A call with one segment every 4 seconds; segment i's text is `i` lines long (at most 3). */
function call(segments: number): PublicItem {
  return {
    id: "cll-long",
    type: "CALL",
    date,
    duration: segments * 4,
    direction: "INBOUND",
    result: "ANSWERED",
    summary: null,
    summary_evidence: null,
    tags: [],
    contacts: [],
    contact_number: "+14155551234",
    allo_number: null,
    user: null,
    recording_url: null,
    transcript: Array.from({ length: segments }, (_, index) => ({
      source: index % 2 ? "USER" : "EXTERNAL",
      time: new Date(Date.parse(date) + index * 4_000).toISOString(),
      text: `segment ${index} `.padEnd(CHARS_PER_LINE * (1 + (index % 3)), "x"),
    })),
  } as unknown as PublicItem;
}

const textOf = (item: PublicItem, index: number) => item.transcript![index]!.text;

describe("a page's first load of an item", () => {
  it("carries a short call whole: the same object", () => {
    const item = call(WHOLE_TRANSCRIPT_MAX_SEGMENTS);
    expect(firstLoadItem(item, null)).toBe(item);
    expect(firstLoadItem(item, 120)).toBe(item);
  });

  it("carries a long call's first screen and every segment's time, with the other texts' heights", () => {
    const item = call(1_620);
    const form = firstLoadItem(item, null);
    expect(form).not.toBe(item);
    expect(form.transcript).toHaveLength(1_620);
    expect(form.transcript!.map((segment) => segment.time)).toEqual(
      item.transcript!.map((segment) => segment.time),
    );
    for (let index = 0; index < LEADING_SEGMENTS; index++)
      expect(textOf(form, index)).toBe(textOf(item, index));
    expect(textOf(form, LEADING_SEGMENTS)).toBe("");
    expect(textOf(form, 1_619)).toBe("");
    // Withheld texts say how many lines they will take; present ones say 0.
    expect(withheldLines(form.transcript_partial, 0)).toBe(0);
    expect(withheldLines(form.transcript_partial, 1_000)).toBe(1 + (1_000 % 3));
    // The original item is untouched (the cache shares it with every request and the API).
    expect(item.transcript_partial).toBeUndefined();
    expect(textOf(item, 1_619)).not.toBe("");
  });

  it("also carries the texts around the moment the page opens at", () => {
    const item = call(1_620);
    const start = 1_000; // 4,000 s into the call
    const form = firstLoadItem(item, start * 4 + 1);
    for (const index of [start - SEGMENTS_AROUND_START, start, start + SEGMENTS_AROUND_START]) {
      expect(textOf(form, index), `segment ${index}`).toBe(textOf(item, index));
    }
    expect(textOf(form, start - SEGMENTS_AROUND_START - 1)).toBe("");
    expect(textOf(form, start + SEGMENTS_AROUND_START + 1)).toBe("");
    expect(textOf(form, 0)).toBe(textOf(item, 0));
  });

  it("is built once per item version and opening segment", () => {
    const item = call(1_620);
    const form = firstLoadItem(item, 400);
    expect(firstLoadItem(item, 400)).toBe(form);
    // Another second within the same segment: the same form.
    expect(firstLoadItem(item, 401)).toBe(form);
    expect(firstLoadItem(item, 4_000)).not.toBe(form);
    expect(firstLoadItem(call(1_620), 400)).not.toBe(form);
  });

  it("gives the browser a timeline with every row's place, and says it is not complete", () => {
    const item = call(1_620);
    const partial = buildTimeline(firstLoadItem(item, null));
    const whole = buildTimeline(item);
    expect(partial.complete).toBe(false);
    expect(whole.complete).toBe(true);
    expect(partial.offsets).toEqual(whole.offsets);
    expect(partial.durationSeconds).toBe(whole.durationSeconds);
    expect(partial.segments[1_000]!.withheldLines).toBe(1 + (1_000 % 3));
    expect(partial.segments[10]!.withheldLines).toBe(0);
  });
});

describe("timelineOf", () => {
  it("builds a transcript's timeline once, whoever asks", () => {
    const item = call(100);
    const timeline = timelineOf(item);
    expect(timelineOf({ ...item })).toBe(timeline);
    // Another formatting of the caller's number is another timeline.
    expect(timelineOf(item, (raw) => `formatted ${raw}`)).not.toBe(timeline);
    // Another transcript (the full one after a first load) is another timeline.
    expect(timelineOf({ ...item, transcript: [...item.transcript!] })).not.toBe(timeline);
  });
});
