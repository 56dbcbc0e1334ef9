/**
 * A long call's first load carries only some of its transcript's texts: those of the first
 * screen, and those around the moment the page opens at (`?t=`, a notification's moment).
 * Every segment's time and speaker still come with it, so the speaker bar, the timeline, the
 * row heights and seeking are whole from the start; the browser fetches the full item once
 * something needs the rest (a search, a copy, a row shown without its text). A 95-minute call's
 * page then sends about 15 KB of transcript instead of 115 KB, and the phone parses, unpacks and
 * indexes that much less while it hydrates (docs/decisions/0012-a-light-item-page.md).
 */

/** Characters per line of a transcript row, for estimating heights before rows are measured. */
export const CHARS_PER_LINE = 64;

/** Up to this many segments, a call's page carries its whole transcript. */
export const WHOLE_TRANSCRIPT_MAX_SEGMENTS = 60;
/** Segments from the start whose texts a long call's first load carries (its first screen, and more). */
export const LEADING_SEGMENTS = 40;
/** …and on each side of the segment the page opens at. */
export const SEGMENTS_AROUND_START = 20;

/** What a first load left out: one character per segment, in Allo's order. */
export type TranscriptPartial = {
  /**
   * `0` when the segment's text came with the page; otherwise the number of lines (base 36, at
   * most `z`) its withheld text is estimated to take, so its row has the right height meanwhile.
   */
  withheld: string;
};

/** Lines a text takes in a transcript row (an estimate; the rendered row is measured). */
export function estimatedLines(text: string): number {
  return Math.max(1, Math.ceil(text.length / CHARS_PER_LINE));
}

/** The withheld-lines code of a text (`1`–`z`). */
export function withheldCode(text: string): string {
  return Math.min(35, estimatedLines(text)).toString(36);
}

/** Lines of segment `order`'s withheld text, or 0 when its text is present. */
export function withheldLines(partial: TranscriptPartial | null | undefined, order: number): number {
  const code = partial?.withheld[order];
  return code ? parseInt(code, 36) : 0;
}
