/**
 * The shape the server sends to the browser with an item: which transcript span each summary
 * sentence most likely came from. Type-only and dependency-free so client components can
 * import it without pulling the scorer into the bundle.
 */

export type SentenceEvidence = {
  /**
   * First and last segment of the span, inclusive, as indexes into the transcript in timeline
   * order (`TimelineSegment.index` from lib/transcript/timeline.ts: the order the page renders).
   * That equals the order Allo sent unless its segments were out of chronological order.
   */
  firstSegment: number;
  lastSegment: number;
  /** Seconds from the call start: where `firstSegment` starts, where `lastSegment` ends. */
  startSeconds: number;
  endSeconds: number;
  /** The span's text (segments joined by a space), cut at a word near 240 characters. */
  quote: string;
  /**
   * 0..1: how much of the sentence's information (IDF-weighted terms) the span accounts for;
   * the value the relative threshold is applied to. Rounded to 3 decimals.
   */
  score: number;
};

export type SummarySentence = {
  /** `summary.slice(start, end)`, exactly. */
  text: string;
  /** UTF-16 offsets into the summary, end exclusive; text between sentences is whitespace. */
  start: number;
  end: number;
  /** `null`: no span scored above the thresholds, so no link is shown. */
  evidence: SentenceEvidence | null;
};

export type SummaryEvidence = {
  sentences: SummarySentence[];
};
