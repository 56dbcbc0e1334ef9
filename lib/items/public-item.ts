/**
 * An item as Callview's API and pages hand it to the browser: Allo's item (already validated
 * on the server, `recording_url` rewritten to this dashboard's streaming route) plus what the
 * server adds, computed once per item version.
 */
import type { AlloItem } from "@/lib/allo/item";
import type { SummaryEvidence } from "@/lib/summary-evidence/types";
import type { TranscriptPartial } from "@/lib/transcript/first-load";

export type PublicItem = AlloItem & {
  /** Which transcript span each summary sentence most likely came from; null without both. */
  summary_evidence: SummaryEvidence | null;
  /**
   * Only in a long call's page, never from the API: which segments' texts the page left out
   * (they are empty strings until the browser has fetched the full item).
   */
  transcript_partial?: TranscriptPartial;
};
