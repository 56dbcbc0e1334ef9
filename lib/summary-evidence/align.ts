/**
 * Aligns each sentence of a call's AI summary with the transcript span it most likely came
 * from, lexically (no language model): every window of 1 to 3 consecutive segments is scored
 * against the sentence with BM25, and the best window becomes the sentence's evidence if it
 * clears a relative and an absolute threshold.
 *
 * Pure and synchronous. The app calls it through ./align.server.ts (which keeps it out of the
 * client bundle); the evaluation script imports this module directly because plain Node
 * cannot load the `server-only` marker.
 *
 * Why these choices (figures in docs/summary-evidence.md):
 * - Thresholds: *relative* is coverage, the IDF-weighted share of the sentence's distinct
 *   terms found in the window (so a sentence about the whole call, or an invented fact, finds
 *   little of itself in any one place); *absolute* is the raw BM25 score (so one common word
 *   is not enough). Ties between windows go to the earliest.
 * - Participants' names are not evidence (see `ignoreParticipantNames`), and a term no
 *   segment contains weighs like the rarest term that does (see `unseenTermDf`).
 * - BM25 rather than raw word overlap: a shared rare word ("20417", "porting") is far better
 *   evidence than a shared common one ("call", "team"), and term-frequency saturation stops a
 *   segment that repeats one word from winning on that word alone.
 * - IDF from the call's own segments, not from a corpus: what is rare *in this call* is what
 *   points at one place in it, and it needs no data shipped with the app.
 * - Windows of 1–3 segments: a summary sentence often merges a question and its answer, or an
 *   answer split over two turns; beyond three the span stops being a quote.
 * - Length normalisation against the average window *of the same size*, so that a 3-window is
 *   not penalised merely for being longer; the preference for short windows is instead one
 *   explicit rule (a longer window must beat the shorter by `longerWindowGain` and contain
 *   more of the sentence), easier to reason about and to tune than `b` against window size.
 * - No speaker weighting: on the labelled set no miss came from linking the wrong party's
 *   turn, and once names are removed a sentence carries no lexical hint of who spoke.
 */
import type { AlloItem } from "@/lib/allo/item";
import { buildTimeline } from "@/lib/transcript/timeline";
import { splitSentences } from "./sentences";
import { tokenize } from "./tokens";
import type { SentenceEvidence, SummaryEvidence } from "./types";

export type AlignOptions = {
  /** BM25 term-frequency saturation. 1.2 is the textbook value; segments are short. */
  k1: number;
  /** BM25 length normalisation (0 = none, 1 = full). */
  b: number;
  /** Longest window, in segments (1–3; larger values are clamped to 3). */
  maxWindow: number;
  /**
   * A longer window replaces the best shorter one only if it scores this much more
   * (0.25 = 25 %) and covers more of the sentence's terms. Without it the 3-window around the
   * right segment nearly always wins by a hair, and the quote grows without adding evidence.
   */
  longerWindowGain: number;
  /**
   * Minimum *coverage*: the IDF-weighted share of the sentence's distinct terms that occur in
   * the window (0..1; `score` in ./types). Catches sentences about the whole call ("a
   * 95-minute workshop covering …") and statements that are not in the transcript: their best
   * window contains little of them. Coverage rather than BM25 over an ideal score because it
   * is bounded and reads as a plain share, so one threshold means the same in every call.
   */
  minRelativeScore: number;
  /**
   * Minimum raw BM25 score. Catches very short sentences whose one matching word is common
   * in the call (the coverage of a two-word sentence is high on a single hit), and single
   * matches in tiny transcripts, where every IDF is small and one shared word proves little.
   */
  minAbsoluteScore: number;
  /**
   * Document frequency assumed for a sentence term that no segment contains, when weighting
   * it in the coverage denominator (the IDF of all the sentence's terms). BM25's smoothed IDF at df = 0 is far above df = 1 in a
   * short call (2.08 vs 0.98 with three segments), so one paraphrased word would outweigh two
   * matched ones; treating an unseen term as "seen once" makes it as informative as the
   * rarest term the call has, no more.
   */
  unseenTermDf: number;
  /**
   * Leave the participants' names (teammate, contacts, companies) out of the sentence's
   * terms. The summariser takes names from the call's metadata and puts one in nearly every
   * sentence ("Priya will…", "Marcus confirmed…"), while the transcript says them only in the
   * greeting: kept, they pull links towards the first segments and lend invented sentences
   * a match. Needs `user`/`contacts` on the item; without them nothing is removed.
   */
  ignoreParticipantNames: boolean;
};

/**
 * Defaults tuned on tests/fixtures/summary-evidence/labelled-set.ts; the sweep and the reason
 * for each value are in docs/summary-evidence.md. The precision test pins these.
 */
export const DEFAULT_ALIGN_OPTIONS: Readonly<AlignOptions> = Object.freeze({
  k1: 1.2,
  b: 0.75,
  maxWindow: 3,
  longerWindowGain: 0.25,
  minRelativeScore: 0.3,
  minAbsoluteScore: 1,
  unseenTermDf: 1,
  ignoreParticipantNames: true,
});

/** Bounds that keep hostile input cheap; real summaries and calls are far below them. */
export const LIMITS = Object.freeze({
  /** Terms read from one segment; the rest of a pathological segment is not scored. */
  termsPerSegment: 400,
  /** Terms read from one sentence before deduplication. */
  termsPerSentence: 256,
  /** Distinct query terms per sentence (the rarest in the call are kept). */
  queryTerms: 48,
  /** Sentences aligned per summary; later ones are still returned, without evidence. */
  sentences: 60,
  /**
   * Window-term evaluations per summary. Work per sentence is bounded by about
   * 14 × (transcript terms), so this caps a hostile 10k-segment call with a long summary;
   * the demo summary on the 1,620-segment call uses about 22,000 (well under 1 %).
   */
  work: 6_000_000,
  /** Characters of the quote. */
  quoteChars: 240,
});

/**
 * What alignment reads from an item. `user` and `contacts` are optional: pass them (the whole
 * AlloItem works) so that participants' names are not counted as evidence.
 */
export type AlignableItem = Pick<AlloItem, "summary" | "transcript" | "date" | "duration"> &
  Partial<Pick<AlloItem, "user" | "contacts">>;

export type EvidenceIndex = {
  segmentCount: number;
  /** Segment start offsets (timeline order) and the call length, for the span's seconds. */
  offsets: readonly number[];
  durationSeconds: number;
  texts: readonly string[];
  /** Term frequencies of each segment. */
  terms: readonly ReadonlyMap<string, number>[];
  /** Segments (ascending, each once) containing each term. */
  postings: ReadonlyMap<string, readonly number[]>;
  /** prefixLength[i] = total terms in segments 0..i-1. */
  prefixLength: Float64Array;
  /** Average length of windows of each size (index = size). */
  averageWindowLength: readonly number[];
  /** Terms of the participants' names (see `ignoreParticipantNames`). */
  nameTerms: ReadonlySet<string>;
};

/** A scored window, before thresholds: what the evaluation sweeps over. */
export type WindowMatch = {
  firstSegment: number;
  lastSegment: number;
  /** Raw BM25 score of the window. */
  score: number;
  /** 0..1: IDF of the sentence terms in the window over the IDF of all its terms. */
  coverage: number;
};

/** Counters for complexity tests and the evaluation: no timing, just work done. */
export type AlignStats = {
  sentences: number;
  alignedSentences: number;
  /** Window-term evaluations (the inner loop of the scorer). */
  work: number;
};

/** Name terms of the teammate, the matched contacts and their companies. */
function participantTerms(item: Partial<Pick<AlloItem, "user" | "contacts">>): Set<string> {
  const names = [
    item.user?.name,
    ...(item.contacts ?? []).flatMap((contact) => [contact.name, contact.company?.name]),
  ];
  return new Set(names.flatMap((name) => (name ? tokenize(name, 16) : [])));
}

export function buildEvidenceIndex(item: Omit<AlignableItem, "summary">): EvidenceIndex {
  // The timeline's own ordering and offsets, so indexes and seconds mean exactly what the
  // transcript panel and the player use. Speaker names are irrelevant here.
  const timeline = buildTimeline({
    transcript: item.transcript,
    date: item.date,
    duration: item.duration,
    user: null,
    contacts: [],
    contact_number: null,
  });
  const segments = timeline.segments;
  const count = segments.length;
  const terms: Map<string, number>[] = [];
  const postings = new Map<string, number[]>();
  const prefixLength = new Float64Array(count + 1);

  segments.forEach((segment, index) => {
    const counts = new Map<string, number>();
    const tokens = tokenize(segment.text, LIMITS.termsPerSegment);
    for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
    for (const token of counts.keys()) {
      const list = postings.get(token);
      if (list) list.push(index);
      else postings.set(token, [index]);
    }
    terms.push(counts);
    prefixLength[index + 1] = (prefixLength[index] ?? 0) + tokens.length;
  });

  const total = prefixLength[count] ?? 0;
  const averageWindowLength = [0];
  for (let size = 1; size <= DEFAULT_ALIGN_OPTIONS.maxWindow; size++) {
    const windows = count - size + 1;
    // Window lengths from the prefix sums: O(1) each, O(n) per size.
    let sum = 0;
    for (let start = 0; start < windows; start++) {
      sum += (prefixLength[start + size] ?? 0) - (prefixLength[start] ?? 0);
    }
    averageWindowLength.push(windows > 0 ? Math.max(sum / windows, 1) : Math.max(total, 1));
  }

  return {
    segmentCount: count,
    offsets: timeline.offsets,
    durationSeconds: timeline.durationSeconds,
    texts: segments.map((segment) => segment.text),
    terms,
    postings,
    prefixLength,
    averageWindowLength,
    nameTerms: participantTerms(item),
  };
}

/** Robertson–Spärck Jones IDF with the +1 inside the log (Lucene's form): never negative. */
function idf(index: EvidenceIndex, term: string, unseenDf: number): number {
  const df = index.postings.get(term)?.length ?? unseenDf;
  return Math.log(1 + (index.segmentCount - df + 0.5) / (df + 0.5));
}

type Scratch = { scores: Float64Array; coverage: Float64Array; touched: number[]; seen: Uint8Array };

function scratchFor(index: EvidenceIndex): Scratch {
  return {
    scores: new Float64Array(index.segmentCount),
    coverage: new Float64Array(index.segmentCount),
    touched: [],
    seen: new Uint8Array(index.segmentCount),
  };
}

type WindowScore = {
  start: number;
  size: number;
  /** BM25 of the sentence against the window. */
  score: number;
  /** Sum of the IDF of the distinct sentence terms the window contains. */
  coverage: number;
};

/**
 * The best window of exactly `size` segments (ties → earliest), term at a time: only windows
 * containing at least one query term are touched, each term's postings visited once.
 */
function bestWindowOfSize(
  index: EvidenceIndex,
  query: readonly { term: string; idf: number }[],
  size: number,
  options: AlignOptions,
  scratch: Scratch,
  stats: AlignStats,
): WindowScore | null {
  const { scores, coverage, touched, seen } = scratch;
  const lastStart = index.segmentCount - size;
  if (lastStart < 0) return null;
  const average = index.averageWindowLength[size] ?? 1;

  for (const { term, idf: weight } of query) {
    const list = index.postings.get(term);
    if (!list) continue;
    let nextStart = 0;
    for (const segment of list) {
      // Windows containing `segment`, each term counted once per window even if the term
      // occurs in several of its segments (postings are ascending, so `nextStart` dedupes).
      const from = Math.max(nextStart, segment - size + 1, 0);
      const to = Math.min(segment, lastStart);
      for (let start = from; start <= to; start++) {
        let frequency = 0;
        for (let offset = 0; offset < size; offset++)
          frequency += index.terms[start + offset]?.get(term) ?? 0;
        stats.work += size;
        const length = (index.prefixLength[start + size] ?? 0) - (index.prefixLength[start] ?? 0);
        const norm = options.k1 * (1 - options.b + (options.b * length) / average);
        if (seen[start] === 0) {
          seen[start] = 1;
          touched.push(start);
        }
        scores[start] = (scores[start] ?? 0) + (weight * (frequency * (options.k1 + 1))) / (frequency + norm);
        coverage[start] = (coverage[start] ?? 0) + weight;
      }
      nextStart = Math.max(nextStart, to + 1);
    }
  }

  let best: WindowScore | null = null;
  for (const start of touched) {
    const score = scores[start] ?? 0;
    if (best === null || score > best.score || (score === best.score && start < best.start)) {
      best = { start, size, score, coverage: coverage[start] ?? 0 };
    }
    scores[start] = 0;
    coverage[start] = 0;
    seen[start] = 0;
  }
  touched.length = 0;
  return best;
}

/** Distinct query terms, rarest in the call first, capped (see LIMITS.queryTerms). */
function queryFor(
  index: EvidenceIndex,
  sentence: string,
  options: AlignOptions,
): { term: string; idf: number }[] {
  const unique = new Set(tokenize(sentence, LIMITS.termsPerSentence));
  if (options.ignoreParticipantNames) for (const name of index.nameTerms) unique.delete(name);
  return [...unique]
    .map((term) => ({ term, idf: idf(index, term, options.unseenTermDf) }))
    .sort((a, b) => b.idf - a.idf || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0))
    .slice(0, LIMITS.queryTerms);
}

function matchesAny(index: EvidenceIndex, segment: number, query: readonly { term: string }[]): boolean {
  const terms = index.terms[segment];
  return terms !== undefined && query.some(({ term }) => terms.has(term));
}

/** BM25 of the query against one window (used after trimming, so the score fits the span). */
function scoreWindow(
  index: EvidenceIndex,
  query: readonly { term: string; idf: number }[],
  first: number,
  last: number,
  options: AlignOptions,
): number {
  const size = last - first + 1;
  const average = index.averageWindowLength[size] ?? 1;
  const length = (index.prefixLength[last + 1] ?? 0) - (index.prefixLength[first] ?? 0);
  const norm = options.k1 * (1 - options.b + (options.b * length) / average);
  let score = 0;
  for (const { term, idf: weight } of query) {
    let frequency = 0;
    for (let segment = first; segment <= last; segment++) frequency += index.terms[segment]?.get(term) ?? 0;
    if (frequency > 0) score += (weight * (frequency * (options.k1 + 1))) / (frequency + norm);
  }
  return score;
}

/**
 * The best window for one sentence, before thresholds, or null when no segment shares a term
 * with it. Exported for the evaluation, which sweeps thresholds over these matches.
 */
export function matchSentence(
  index: EvidenceIndex,
  sentence: string,
  options: AlignOptions = DEFAULT_ALIGN_OPTIONS,
  stats: AlignStats = { sentences: 0, alignedSentences: 0, work: 0 },
  scratch: Scratch = scratchFor(index),
): WindowMatch | null {
  const query = queryFor(index, sentence, options);
  const ideal = query.reduce((sum, { idf: weight }) => sum + weight, 0);
  if (query.length === 0 || ideal <= 0) return null;

  // Shortest first. A longer window replaces the shorter only if it scores clearly more *and*
  // contains more of the sentence's terms: a window that merely repeats the same words
  // ("follow-up on Tuesday" said twice in a row) or wins through length normalisation (short
  // neighbours lower its average length) adds no evidence, only a longer quote.
  let chosen: WindowScore | null = null;
  const maxWindow = Math.max(1, Math.min(options.maxWindow, DEFAULT_ALIGN_OPTIONS.maxWindow));
  for (let size = 1; size <= maxWindow; size++) {
    const best = bestWindowOfSize(index, query, size, options, scratch, stats);
    if (best === null) continue;
    const better =
      chosen === null ||
      (best.score > chosen.score * (1 + options.longerWindowGain) && best.coverage > chosen.coverage);
    if (better) chosen = best;
  }
  if (chosen === null || chosen.score <= 0) return null;

  // A longer window can still carry an edge segment with no query term (it won on the
  // middle); the quote and the highlight should not include it.
  let first = chosen.start;
  let last = chosen.start + chosen.size - 1;
  while (first < last && !matchesAny(index, first, query)) first++;
  while (last > first && !matchesAny(index, last, query)) last--;
  const trimmed = first !== chosen.start || last !== chosen.start + chosen.size - 1;

  return {
    firstSegment: first,
    lastSegment: last,
    score: trimmed ? scoreWindow(index, query, first, last, options) : chosen.score,
    // Trimming drops only segments without sentence terms, so coverage is unchanged.
    coverage: chosen.coverage / ideal,
  };
}

/** Whether a match clears both thresholds. */
export function passesThresholds(match: WindowMatch | null, options: AlignOptions): match is WindowMatch {
  return (
    match !== null && match.coverage >= options.minRelativeScore && match.score >= options.minAbsoluteScore
  );
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** The window's text, whitespace collapsed, cut at a word boundary near `LIMITS.quoteChars`. */
export function quoteFor(texts: readonly string[], first: number, last: number): string {
  let quote = "";
  // Read only what the quote can use, so a 1 MB segment costs no more than a short one.
  for (let segment = first; segment <= last && quote.length <= LIMITS.quoteChars; segment++) {
    const text = (texts[segment] ?? "")
      .slice(0, LIMITS.quoteChars + 1)
      .replace(/\s+/gu, " ")
      .trim();
    if (text) quote = quote ? `${quote} ${text}` : text;
  }
  if (quote.length <= LIMITS.quoteChars) return quote;
  let cut = quote.lastIndexOf(" ", LIMITS.quoteChars - 1);
  if (cut < LIMITS.quoteChars / 2) cut = LIMITS.quoteChars - 1;
  // Never cut between the two halves of a surrogate pair.
  const code = quote.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return `${quote.slice(0, cut).trimEnd()}…`;
}

function evidenceFor(index: EvidenceIndex, match: WindowMatch): SentenceEvidence {
  const startSeconds = index.offsets[match.firstSegment] ?? 0;
  // A segment lasts until the next one starts, the last one until the end of the call (the
  // same convention as the speaker bar, lib/transcript/timeline.ts speakerSpans).
  const next = index.offsets[match.lastSegment + 1];
  const endSeconds = Math.max(startSeconds, next ?? index.durationSeconds);
  return {
    firstSegment: match.firstSegment,
    lastSegment: match.lastSegment,
    startSeconds: round(startSeconds, 3),
    endSeconds: round(endSeconds, 3),
    quote: quoteFor(index.texts, match.firstSegment, match.lastSegment),
    score: round(match.coverage, 3),
  };
}

/**
 * Splits the summary into sentences and links each to its most likely transcript span.
 *
 * Returns null when there is nothing to link: no summary (null or blank) or no transcript
 * segments. Otherwise every sentence is returned, in order, with `evidence: null` where no
 * span cleared the thresholds. Builds the index once per call; cost is linear in the
 * transcript's terms plus, per sentence, its terms' postings (see LIMITS).
 */
export function alignSummary(
  item: AlignableItem,
  options: AlignOptions = DEFAULT_ALIGN_OPTIONS,
  stats?: AlignStats,
): SummaryEvidence | null {
  const summary = item.summary;
  if (summary === null || summary.trim() === "" || !item.transcript || item.transcript.length === 0)
    return null;
  const index = buildEvidenceIndex(item);
  const counters = stats ?? { sentences: 0, alignedSentences: 0, work: 0 };
  const scratch = scratchFor(index);

  const sentences = splitSentences(summary).map((sentence, position) => {
    counters.sentences++;
    let evidence: SentenceEvidence | null = null;
    if (position < LIMITS.sentences && counters.work < LIMITS.work) {
      counters.alignedSentences++;
      const match = matchSentence(index, sentence.text, options, counters, scratch);
      if (passesThresholds(match, options)) evidence = evidenceFor(index, match);
    }
    return { text: sentence.text, start: sentence.start, end: sentence.end, evidence };
  });
  return { sentences };
}
