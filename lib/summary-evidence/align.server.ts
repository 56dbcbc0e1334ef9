/**
 * Server entry point for summary evidence. The scorer, stop words and stemmer stay out of the
 * client bundle: the page receives the compact `SummaryEvidence` computed here with the item.
 *
 * Usage (server code only):
 *   const evidence = alignSummary(item); // SummaryEvidence | null
 */
import "server-only";

export { alignSummary, DEFAULT_ALIGN_OPTIONS, type AlignableItem, type AlignOptions } from "./align";
export type { SentenceEvidence, SummaryEvidence, SummarySentence } from "./types";
