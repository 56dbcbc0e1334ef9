/**
 * Pure transcript timeline: segment offsets within the call, speaker runs, the per-speaker
 * spans of the speaker bar and the "which segment is playing" lookup.
 *
 * Everything here is computed once per item so that per-`timeupdate` work is a binary search.
 */
import { parseAlloTimestamp, type AlloItem } from "@/lib/allo/item";
import { withheldLines, type TranscriptPartial } from "./first-load";
import { createSpeakerResolver, type Speaker } from "./speakers";

export type TimelineSegment = {
  index: number;
  speaker: Speaker;
  /** Seconds from the start of the call, clamped into [0, duration]. */
  offsetSeconds: number;
  text: string;
  /** First segment of a run by one speaker: it carries the speaker heading. */
  startsGroup: boolean;
  /** 0 when `text` is the segment's text; otherwise its text is still to come, estimated at this many lines. */
  withheldLines: number;
};

export type Timeline = {
  segments: TimelineSegment[];
  /** `segments[i].offsetSeconds`, ascending, for binary search. */
  offsets: number[];
  /** Speakers in order of first appearance. */
  speakers: Speaker[];
  /** Length of the call as the timeline draws it. */
  durationSeconds: number;
  /** Whether clocks need an hour field (so `1:02:03` and `0:05:00` line up). */
  withHours: boolean;
  /** Whether every segment's text is here (a long call's first load has only some: lib/transcript/first-load). */
  complete: boolean;
};

/** Allo's `duration` is 0 for unanswered calls; only a positive value is a usable upper bound. */
function durationLimit(duration: number | null): number | null {
  return duration !== null && Number.isFinite(duration) && duration > 0 ? duration : null;
}

/**
 * Seconds between the call start and a segment. Segments stamped before the call (clock skew)
 * clamp to 0; segments after its end clamp to the duration. Naive timestamps are read as UTC,
 * like the call date itself (see parseAlloTimestamp).
 */
export function segmentOffsetSeconds(segmentTime: string, callDate: string, duration: number | null): number {
  const segmentMs = parseAlloTimestamp(segmentTime);
  const callMs = parseAlloTimestamp(callDate);
  if (segmentMs === null || callMs === null) return 0;
  const offset = Math.max(0, (segmentMs - callMs) / 1000);
  const limit = durationLimit(duration);
  return limit === null ? offset : Math.min(offset, limit);
}

/** When Allo gives no duration, leave room after the last segment so it still has a width. */
const TAIL_WITHOUT_DURATION_SECONDS = 5;

type TimelineInput = Pick<
  AlloItem,
  "transcript" | "date" | "duration" | "user" | "contacts" | "contact_number"
> & {
  transcript_partial?: TranscriptPartial;
};

export function buildTimeline(item: TimelineInput, formatNumber?: (raw: string) => string): Timeline {
  const resolve = createSpeakerResolver({ ...item, formatNumber });
  const raw = (item.transcript ?? []).map((segment, order) => ({
    order,
    speaker: resolve(segment.source),
    offsetSeconds: segmentOffsetSeconds(segment.time, item.date, item.duration),
    text: segment.text,
    withheldLines: withheldLines(item.transcript_partial, order),
  }));
  // Chronological order is what a timeline and the binary search need; the sort is stable,
  // so segments with equal offsets keep the order Allo sent them in.
  raw.sort((a, b) => a.offsetSeconds - b.offsetSeconds || a.order - b.order);

  const speakers: Speaker[] = [];
  const seen = new Set<string>();
  const segments = raw.map((segment, index): TimelineSegment => {
    if (!seen.has(segment.speaker.key)) {
      seen.add(segment.speaker.key);
      speakers.push(segment.speaker);
    }
    const previous = raw[index - 1];
    return {
      index,
      speaker: segment.speaker,
      offsetSeconds: segment.offsetSeconds,
      text: segment.text,
      startsGroup: previous === undefined || previous.speaker.key !== segment.speaker.key,
      withheldLines: segment.withheldLines,
    };
  });

  const lastOffset = segments.at(-1)?.offsetSeconds ?? 0;
  const limit = durationLimit(item.duration);
  const durationSeconds = limit ?? (segments.length ? lastOffset + TAIL_WITHOUT_DURATION_SECONDS : 0);
  return {
    segments,
    offsets: segments.map((segment) => segment.offsetSeconds),
    speakers,
    durationSeconds,
    withHours: durationSeconds >= 3600,
    complete: segments.every((segment) => segment.withheldLines === 0),
  };
}

/** Timelines by transcript (array identity), then by everything else they are built from. */
const timelinesByTranscript = new WeakMap<object, Map<string, Timeline>>();

/**
 * buildTimeline, once per item version: the server renders many requests for one call from
 * the same transcript array (the item cache's, or the hydration codec's), so the sort and the
 * 1,620 timestamp parses of a long call are not redone for each of them.
 */
export function timelineOf(item: TimelineInput, formatNumber?: (raw: string) => string): Timeline {
  if (!item.transcript) return buildTimeline(item, formatNumber);
  // Everything else the timeline reads; the caller's number as the formatter writes it.
  const key = JSON.stringify([
    item.transcript_partial?.withheld ?? null,
    item.date,
    item.duration,
    item.user,
    item.contacts,
    item.contact_number,
    item.contact_number && formatNumber ? formatNumber(item.contact_number) : null,
  ]);
  let byInput = timelinesByTranscript.get(item.transcript);
  if (!byInput) {
    byInput = new Map();
    timelinesByTranscript.set(item.transcript, byInput);
  }
  let timeline = byInput.get(key);
  if (!timeline) {
    timeline = buildTimeline(item, formatNumber);
    // A transcript is shown with one set of people; a few entries cover any change meanwhile.
    if (byInput.size >= 4) byInput.clear();
    byInput.set(key, timeline);
  }
  return timeline;
}

export type SpeakerGroup = { speaker: Speaker; firstIndex: number; lastIndex: number };

/** Consecutive segments of one speaker, as shown under one heading. */
export function groupSegments(segments: readonly TimelineSegment[]): SpeakerGroup[] {
  const groups: SpeakerGroup[] = [];
  for (const segment of segments) {
    const current = groups.at(-1);
    if (current && current.speaker.key === segment.speaker.key) current.lastIndex = segment.index;
    else groups.push({ speaker: segment.speaker, firstIndex: segment.index, lastIndex: segment.index });
  }
  return groups;
}

/**
 * Index of the segment being spoken at `seconds`: the last one starting at or before it, or -1
 * before the first segment (or for an empty transcript). O(log n) over the ascending offsets.
 */
export function findSegmentIndexAt(offsets: readonly number[], seconds: number): number {
  if (!Number.isFinite(seconds)) return -1;
  let low = 0;
  let high = offsets.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    if ((offsets[middle] ?? Infinity) <= seconds) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

/**
 * The current segment, honouring an explicit choice: when the agent clicked segment 4 and
 * segment 5 starts at the same second (clamped offsets), the lookup alone would pick 5.
 */
export function resolveCurrentIndex(
  offsets: readonly number[],
  seconds: number,
  chosenIndex: number | null,
): number {
  const found = findSegmentIndexAt(offsets, seconds);
  if (chosenIndex === null || found === -1) return found;
  return offsets[chosenIndex] === offsets[found] ? chosenIndex : found;
}

export type SpeakerSpan = { speakerKey: string; startSeconds: number; endSeconds: number };

/**
 * Who held the floor when: each segment lasts until the next one starts (the last until the
 * end of the call), and adjacent spans of one speaker merge. 1,620 segments become a few
 * hundred spans, drawn as one SVG.
 */
export function speakerSpans(timeline: Pick<Timeline, "segments" | "durationSeconds">): SpeakerSpan[] {
  const spans: SpeakerSpan[] = [];
  const { segments, durationSeconds } = timeline;
  segments.forEach((segment, index) => {
    const next = segments[index + 1];
    const end = Math.max(segment.offsetSeconds, next ? next.offsetSeconds : durationSeconds);
    const current = spans.at(-1);
    if (current && current.speakerKey === segment.speaker.key) current.endSeconds = end;
    else
      spans.push({ speakerKey: segment.speaker.key, startSeconds: segment.offsetSeconds, endSeconds: end });
  });
  return spans;
}

/** Share of talk time per speaker key, 0..1, from the spans. */
export function talkShares(spans: readonly SpeakerSpan[]): Map<string, number> {
  const totals = new Map<string, number>();
  let sum = 0;
  for (const span of spans) {
    const length = span.endSeconds - span.startSeconds;
    totals.set(span.speakerKey, (totals.get(span.speakerKey) ?? 0) + length);
    sum += length;
  }
  const shares = new Map<string, number>();
  for (const [key, total] of totals) shares.set(key, sum > 0 ? total / sum : 0);
  return shares;
}

/**
 * One SVG path per lane for the speaker bar: a rectangle per span, spans of one speaker closer
 * than `minGapSeconds` merged (at the bar's width they would touch anyway). A 1,620-segment
 * call then draws as a few elements instead of a thousand, which keeps its HTML and its
 * hydration light. Coordinates are in seconds (the SVG's viewBox), rounded to 0.1 s.
 */
export function laneRectangles(
  spans: readonly SpeakerSpan[],
  options: { minWidthSeconds: number; minGapSeconds: number },
): Map<string, { startSeconds: number; endSeconds: number }[]> {
  const lanes = new Map<string, { startSeconds: number; endSeconds: number }[]>();
  for (const span of spans) {
    const lane = lanes.get(span.speakerKey) ?? [];
    if (!lanes.has(span.speakerKey)) lanes.set(span.speakerKey, lane);
    const end = Math.max(span.endSeconds, span.startSeconds + options.minWidthSeconds);
    const last = lane.at(-1);
    if (last && span.startSeconds - last.endSeconds < options.minGapSeconds) {
      last.endSeconds = Math.max(last.endSeconds, end);
    } else {
      lane.push({ startSeconds: span.startSeconds, endSeconds: end });
    }
  }
  return lanes;
}

/** The `d` of a lane's path: one closed rectangle per block, at height `y` … `y + height`. */
export function lanePath(
  blocks: readonly { startSeconds: number; endSeconds: number }[],
  y: number,
  height: number,
) {
  const round = (value: number) => Math.round(value * 10) / 10;
  return blocks
    .map(
      (block) =>
        `M${round(block.startSeconds)} ${y}h${round(block.endSeconds - block.startSeconds)}v${height}H${round(block.startSeconds)}z`,
    )
    .join("");
}
