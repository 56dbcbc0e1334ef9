/**
 * Hostile input must not blow up and must stay bounded: in output size, and in work (counted,
 * not timed, so the test is stable on a loaded 2-core machine).
 */
import { describe, expect, it } from "vitest";
import { alignSummary } from "@/lib/summary-evidence/align.server";
import {
  buildEvidenceIndex,
  DEFAULT_ALIGN_OPTIONS,
  LIMITS,
  type AlignStats,
} from "@/lib/summary-evidence/align";
import type { SummaryEvidence } from "@/lib/summary-evidence/types";

const date = "2026-11-23T14:00:00Z";
const time = (seconds: number) => new Date(Date.parse(date) + seconds * 1000).toISOString();
const newStats = (): AlignStats => ({ sentences: 0, alignedSentences: 0, work: 0 });

function expectWellFormed(summary: string, result: SummaryEvidence | null) {
  expect(result).not.toBeNull();
  expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  for (const sentence of result?.sentences ?? []) {
    expect(summary.slice(sentence.start, sentence.end)).toBe(sentence.text);
    const evidence = sentence.evidence;
    if (evidence) {
      expect(evidence.quote.length).toBeLessThanOrEqual(LIMITS.quoteChars + 1);
      expect(Number.isFinite(evidence.startSeconds) && Number.isFinite(evidence.endSeconds)).toBe(true);
      expect(evidence.endSeconds).toBeGreaterThanOrEqual(evidence.startSeconds);
      expect(evidence.lastSegment).toBeGreaterThanOrEqual(evidence.firstSegment);
      expect(evidence.lastSegment - evidence.firstSegment).toBeLessThan(DEFAULT_ALIGN_OPTIONS.maxWindow);
    }
  }
}

describe("hostile input", () => {
  it("a 1 MB sentence is read up to the term cap and its quote stays short", () => {
    const summary = `${"refund invoice duplicate charge ".repeat(32_000)}done`;
    const item = {
      summary,
      date,
      duration: 60,
      transcript: [
        { source: "EXTERNAL", time: time(1), text: "There is a duplicate charge on my invoice." },
        { source: "USER", time: time(5), text: "The refund is issued." },
      ],
    };
    const stats = newStats();
    const result = alignSummary(item, DEFAULT_ALIGN_OPTIONS, stats);
    expectWellFormed(summary, result);
    expect(result?.sentences).toHaveLength(1);
    expect(stats.work).toBeLessThan(100);
  });

  it("a 1 MB segment is indexed up to the term cap and quoted briefly", () => {
    const huge = `Refund approved. ${"lorem ipsum dolor ".repeat(60_000)}`;
    const item = {
      summary: "The refund was approved.",
      date,
      duration: 60,
      transcript: [{ source: "USER", time: time(1), text: huge }],
    };
    const index = buildEvidenceIndex(item);
    expect(index.prefixLength[1]).toBeLessThanOrEqual(LIMITS.termsPerSegment);
    // A one-segment call has tiny IDFs; drop the absolute threshold to look at the quote.
    const result = alignSummary(item, { ...DEFAULT_ALIGN_OPTIONS, minAbsoluteScore: 0 });
    expectWellFormed(item.summary, result);
    expect(result?.sentences[0]?.evidence?.quote.startsWith("Refund approved. lorem")).toBe(true);
  });

  it("10,000 segments align with work bounded by the postings of the sentence terms", () => {
    const words = ["porting", "webhook", "routing", "voicemail", "billing", "seats", "timeout", "Lyon"];
    const transcript = Array.from({ length: 10_000 }, (_, i) => ({
      source: i % 2 ? "USER" : "EXTERNAL",
      time: time(i * 0.5),
      text: `${words[i % words.length]} ${words[(i * 7) % words.length]} number ${i}`,
    }));
    transcript[7_321] = {
      source: "USER",
      time: time(7_321 * 0.5),
      text: "The escrow dashboard shows a refund.",
    };
    const item = {
      summary: "The escrow dashboard shows the refund. Webhook timeouts on the routing side.",
      date,
      duration: 6_000,
      transcript,
    };
    const stats = newStats();
    const result = alignSummary(item, DEFAULT_ALIGN_OPTIONS, stats);
    expectWellFormed(item.summary, result);
    expect(result?.sentences[0]?.evidence).toMatchObject({ firstSegment: 7_321, lastSegment: 7_321 });
    const postings = [...buildEvidenceIndex(item).postings.values()].reduce(
      (sum, list) => sum + list.length,
      0,
    );
    expect(stats.work).toBeLessThanOrEqual(14 * postings * stats.alignedSentences);
  });

  it("stops aligning when the work budget is spent, but still returns every sentence", () => {
    // Every segment holds every term: the worst case for a term-at-a-time scorer.
    const terms = Array.from({ length: 20 }, (_, i) => `term${String.fromCharCode(97 + i)}x`);
    const transcript = Array.from({ length: 10_000 }, (_, i) => ({
      source: "USER",
      time: time(i),
      text: terms.join(" "),
    }));
    const sentence = `Also ${terms.join(" ")}.`;
    const summary = Array.from({ length: 20 }, () => sentence).join(" ");
    const stats = newStats();
    const result = alignSummary(
      { summary, date, duration: 10_000, transcript },
      DEFAULT_ALIGN_OPTIONS,
      stats,
    );
    expectWellFormed(summary, result);
    expect(result?.sentences).toHaveLength(20);
    expect(stats.alignedSentences).toBeLessThan(20);
    // One sentence costs at most 14 evaluations per posting of its terms (20 × 10,000 here).
    expect(stats.work).toBeLessThanOrEqual(LIMITS.work + 14 * terms.length * transcript.length);
    expect(result?.sentences.at(-1)?.evidence).toBeNull();
  });

  it("a summary of thousands of sentences aligns only the first ones", () => {
    const summary = Array.from({ length: 3_000 }, (_, i) => `Refund number ${i} was issued.`).join(" ");
    const stats = newStats();
    const result = alignSummary(
      {
        summary,
        date,
        duration: 30,
        transcript: [{ source: "USER", time: time(1), text: "The refund is issued." }],
      },
      DEFAULT_ALIGN_OPTIONS,
      stats,
    );
    expectWellFormed(summary, result);
    expect(result?.sentences).toHaveLength(3_000);
    expect(stats.alignedSentences).toBe(LIMITS.sentences);
    expect(result?.sentences[LIMITS.sentences]?.evidence).toBeNull();
  });

  it("weird Unicode (lone surrogates, controls, bidi overrides, zalgo, ZWJ emoji) does not break ranges", () => {
    const zalgo = "r̷̢̛e̸͎̓f̴̣̈ȕ̵̥n̶̰͝d̵̲̑";
    const summary = `\u202eRefund\u202c issued\ud800. ${zalgo} done\u0000!  👩‍👩‍👧‍👦 Ok? \u200b\u200f.\udc00 Fin`;
    const transcript = [
      { source: "EXTERNAL", time: time(1), text: `\ud83d refund \u0000 ${zalgo} \u202e issued` },
      { source: "\u202eUSER", time: time(2), text: "👩‍👩‍👧‍👦\u200d\u200d" },
      { source: "", time: "not a timestamp", text: "\uffff\ufffe" },
    ];
    const result = alignSummary({ summary, date, duration: 10, transcript });
    expectWellFormed(summary, result);
    expect(result?.sentences.length).toBeGreaterThan(1);
  });

  it("right-to-left summaries align with right-to-left transcripts", () => {
    const transcript = [
      { source: "EXTERNAL", time: time(1), text: "שלום, אני רוצה לחדש את המנוי בבקשה." },
      { source: "USER", time: time(5), text: "مرحبا، سأرسل الفاتورة الجديدة اليوم." },
      { source: "EXTERNAL", time: time(9), text: "תודה רבה!" },
    ];
    const summary = "הלקוח רוצה לחדש את המנוי. سأرسل الفاتورة الجديدة.";
    const result = alignSummary({ summary, date, duration: 15, transcript });
    expectWellFormed(summary, result);
    expect(result?.sentences.map((sentence) => sentence.evidence?.firstSegment)).toEqual([0, 1]);
  });

  it("invalid dates and durations give finite seconds", () => {
    const result = alignSummary({
      summary: "The refund is issued.",
      date: "garbage",
      duration: Number.NaN,
      transcript: [
        { source: "USER", time: "also garbage", text: "The refund is issued." },
        { source: "EXTERNAL", time: time(3), text: "Thank you very much." },
        { source: "USER", time: time(5), text: "Anything else today?" },
      ],
    });
    expectWellFormed("The refund is issued.", result);
    expect(result?.sentences[0]?.evidence).toMatchObject({ startSeconds: 0 });
  });
});
