/**
 * The form of an item a page hydrates: the item itself, or, for a long call, the item with only
 * the texts of its first screen and of the moment the page opens at (lib/transcript/first-load).
 * Built once per item version and opening moment: the item cache hands every request the same
 * object, and the hydration codec then packs each form once too.
 */
import "server-only";
import type { PublicItem } from "@/lib/items/public-item";
import {
  LEADING_SEGMENTS,
  SEGMENTS_AROUND_START,
  WHOLE_TRANSCRIPT_MAX_SEGMENTS,
  withheldCode,
} from "@/lib/transcript/first-load";
import { findSegmentIndexAt, segmentOffsetSeconds } from "@/lib/transcript/timeline";

const formsByItem = new WeakMap<PublicItem, Map<number, PublicItem>>();

/** The segment (Allo's order) the page opens at, for `startSeconds` from the call's start. */
function startIndex(item: PublicItem, startSeconds: number | null): number {
  const transcript = item.transcript ?? [];
  if (startSeconds === null || transcript.length === 0) return 0;
  const offsets = transcript.map((segment) => segmentOffsetSeconds(segment.time, item.date, item.duration));
  // Allo sends segments in time order; if one is out of order, a wider window is still right
  // for the first screen, and the full transcript follows anyway.
  const sorted = offsets.every((offset, index) => index === 0 || offset >= offsets[index - 1]!);
  if (!sorted) return 0;
  return Math.max(0, findSegmentIndexAt(offsets, startSeconds));
}

export function firstLoadItem(item: PublicItem, startSeconds: number | null): PublicItem {
  const transcript = item.transcript;
  if (!transcript || transcript.length <= WHOLE_TRANSCRIPT_MAX_SEGMENTS) return item;
  const start = startIndex(item, startSeconds);
  let forms = formsByItem.get(item);
  if (!forms) {
    forms = new Map();
    formsByItem.set(item, forms);
  }
  const known = forms.get(start);
  if (known) return known;

  const around = { first: start - SEGMENTS_AROUND_START, last: start + SEGMENTS_AROUND_START };
  const included = (order: number) =>
    order < LEADING_SEGMENTS || (order >= around.first && order <= around.last);
  let withheld = "";
  const segments = transcript.map((segment, order) => {
    if (included(order)) {
      withheld += "0";
      return segment;
    }
    withheld += withheldCode(segment.text);
    return { ...segment, text: "" };
  });
  const form: PublicItem = { ...item, transcript: segments, transcript_partial: { withheld } };
  // Openings at a handful of moments are kept; a link to any other moment builds its own form.
  if (forms.size >= 8) forms.clear();
  forms.set(start, form);
  return form;
}
