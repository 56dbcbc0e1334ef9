import { describe, expect, it } from "vitest";
import { alignSummary, DEFAULT_ALIGN_OPTIONS } from "@/lib/summary-evidence/align.server";
import { buildEvidenceIndex, matchSentence, quoteFor, type AlignStats } from "@/lib/summary-evidence/align";
import { buildTimeline } from "@/lib/transcript/timeline";
import { buildSeed, LONG_CALL_SEGMENTS } from "@/lib/allo/fake/seed";
import { alloItemSchema } from "@/lib/allo/schemas";

const date = "2026-11-23T14:00:00Z";
const time = (seconds: number) => new Date(Date.parse(date) + seconds * 1000).toISOString();

type Turn = [source: string, seconds: number, text: string];
function call(summary: string | null, turns: Turn[] | null, duration: number | null = 120) {
  return {
    summary,
    date,
    duration,
    transcript: turns?.map(([source, seconds, text]) => ({ source, time: time(seconds), text })) ?? null,
  };
}

const SUPPORT_TURNS: Turn[] = [
  ["USER", 0, "Thanks for calling support, this is Sam."],
  ["EXTERNAL", 4, "Hi, our invoice from October shows a duplicate charge."],
  ["USER", 10, "I can see it. The payment was retried after a timeout."],
  ["EXTERNAL", 18, "Can you refund the second payment?"],
  ["USER", 22, "Yes, the refund is issued and takes five business days."],
  ["EXTERNAL", 30, "Also, our Lyon office needs two new phone numbers."],
  ["USER", 36, "I will order two local numbers for Lyon today."],
  ["EXTERNAL", 44, "Great, goodbye."],
];

describe("alignSummary", () => {
  it("links each sentence to the window it came from, with seconds and quote", () => {
    const result = alignSummary(
      call(
        "The October invoice was charged twice. Sam refunded the duplicate payment within 5 business days. Two numbers will be ordered for the Lyon office.",
        SUPPORT_TURNS,
      ),
    );
    expect(result).not.toBeNull();
    const [first, second, third] = result?.sentences ?? [];
    expect(first?.evidence).toMatchObject({
      firstSegment: 1,
      lastSegment: 1,
      startSeconds: 4,
      endSeconds: 10,
    });
    expect(first?.evidence?.quote).toBe("Hi, our invoice from October shows a duplicate charge.");
    expect(second?.evidence?.firstSegment).toBeGreaterThanOrEqual(2);
    expect(second?.evidence?.lastSegment).toBeLessThanOrEqual(4);
    expect(third?.evidence).toMatchObject({
      firstSegment: 5,
      lastSegment: 6,
      startSeconds: 30,
      endSeconds: 44,
    });
    for (const sentence of result?.sentences ?? []) {
      expect(sentence.evidence?.score).toBeGreaterThanOrEqual(DEFAULT_ALIGN_OPTIONS.minRelativeScore);
      expect(sentence.evidence?.score).toBeLessThanOrEqual(1);
    }
  });

  it("keeps sentence ranges exact, so the summary can be rendered from them", () => {
    const summary = "  Mr. Lee paid 1.5 dollars.\nThen he called the U.S. office…  ";
    const result = alignSummary(call(summary, SUPPORT_TURNS));
    for (const sentence of result?.sentences ?? []) {
      expect(summary.slice(sentence.start, sentence.end)).toBe(sentence.text);
    }
    expect(result?.sentences.map((sentence) => sentence.text)).toEqual([
      "Mr. Lee paid 1.5 dollars.",
      "Then he called the U.S. office…",
    ]);
  });

  it("gives no link to a sentence that shares nothing with the transcript", () => {
    const result = alignSummary(call("The weather in Oslo was sunny and cold.", SUPPORT_TURNS));
    expect(result?.sentences).toEqual([
      { text: "The weather in Oslo was sunny and cold.", start: 0, end: 39, evidence: null },
    ]);
  });

  it("gives no link below the relative threshold (a sentence about the whole call)", () => {
    const sentence =
      "The caller discussed billing, a duplicate charge, refunds, new Lyon numbers, the Paris migration, CRM sync, IVR menus, recording compliance and pricing.";
    const index = buildEvidenceIndex(call(sentence, SUPPORT_TURNS));
    const match = matchSentence(index, sentence);
    // Something matches, but the best window holds too little of the sentence.
    expect(match).not.toBeNull();
    expect(match?.coverage).toBeLessThan(DEFAULT_ALIGN_OPTIONS.minRelativeScore);
    expect(alignSummary(call(sentence, SUPPORT_TURNS))?.sentences[0]?.evidence).toBeNull();
  });

  it("gives no link below the absolute threshold (one weak shared word)", () => {
    // "refund" is the only shared term, and in a two-segment call its IDF is tiny.
    const turns: Turn[] = [
      ["EXTERNAL", 0, "I want a refund."],
      ["USER", 3, "Fine, the refund is done."],
    ];
    const sentence = "Refund.";
    const match = matchSentence(buildEvidenceIndex(call(sentence, turns)), sentence);
    expect(match?.coverage).toBe(1);
    expect(match?.score).toBeLessThan(DEFAULT_ALIGN_OPTIONS.minAbsoluteScore);
    expect(alignSummary(call(sentence, turns))?.sentences[0]?.evidence).toBeNull();
  });

  it("prefers the shortest window unless a longer one adds another part of the sentence", () => {
    const turns: Turn[] = [
      ["EXTERNAL", 0, "The porting form is signed."],
      ["USER", 5, "Good, see you then."],
      ["EXTERNAL", 9, "Anything else?"],
      ["USER", 12, "The demo for dispatch is on Thursday."],
      ["EXTERNAL", 18, "Okay, bye."],
    ];
    const one = alignSummary(call("The porting form was signed.", turns))?.sentences[0]?.evidence;
    expect(one).toMatchObject({ firstSegment: 0, lastSegment: 0 });
    const both = alignSummary(call("Porting is signed and the dispatch demo is on Thursday.", turns))
      ?.sentences[0]?.evidence;
    // The 3-window 1..3 would hold the demo only; 0..2 the porting only; only a window over
    // 0..3 would hold both, and windows stop at 3 segments, so the demo (rarer terms) wins.
    expect(both).toMatchObject({ firstSegment: 3, lastSegment: 3 });
    const adjacent: Turn[] = [
      ["EXTERNAL", 0, "Can the porting form be signed today?"],
      ["USER", 5, "Yes, and the dispatch demo is on Thursday."],
      ["EXTERNAL", 9, "Okay, bye."],
    ];
    const merged = alignSummary(call("Porting is signed and the dispatch demo is on Thursday.", adjacent))
      ?.sentences[0]?.evidence;
    expect(merged).toMatchObject({ firstSegment: 0, lastSegment: 1 });
  });

  it("does not grow a window just because the next segment repeats the same words", () => {
    const turns: Turn[] = [
      ["EXTERNAL", 0, "Hello there."],
      ["USER", 3, "Follow-up on Tuesday."],
      ["EXTERNAL", 6, "Follow-up on Tuesday, yes."],
      ["USER", 9, "Bye."],
    ];
    const evidence = alignSummary(call("Next step: follow-up on Tuesday.", turns))?.sentences[0]?.evidence;
    expect(evidence).toMatchObject({ firstSegment: 1, lastSegment: 1 });
  });

  it("breaks ties towards the earliest window", () => {
    const turns: Turn[] = [
      ["USER", 0, "Intro."],
      ["EXTERNAL", 2, "Schedule the rollout review."],
      ["USER", 4, "Something else entirely."],
      ["EXTERNAL", 6, "Schedule the rollout review."],
    ];
    const evidence = alignSummary(call("They will schedule the rollout review.", turns))?.sentences[0]
      ?.evidence;
    expect(evidence).toMatchObject({ firstSegment: 1, lastSegment: 1 });
  });

  it("does not treat the participants' names as evidence", () => {
    const turns: Turn[] = [
      ["USER", 0, "Hi Maria, Alex here from Northwind support."],
      ["EXTERNAL", 4, "Our webhook keeps timing out."],
    ];
    const item = {
      ...call("Maria told Alex that the Northwind webhook times out. Maria thanked Alex.", turns),
      user: { id: "usr-a", name: "Alex Martin", email: null },
      contacts: [
        { id: "cnt-m", name: "Maria Gonzalez", company: { id: "com-n", name: "Northwind" }, deals: [] },
      ],
    };
    const [problem, thanks] = alignSummary(item)?.sentences ?? [];
    expect(problem?.evidence).toMatchObject({ firstSegment: 1, lastSegment: 1 });
    // Without the names the second sentence has only "thanked" left, which nobody said.
    expect(thanks?.evidence).toBeNull();
    // Without metadata the names count, and the greeting matches the thanks.
    const withoutMetadata = alignSummary(call(item.summary, turns))?.sentences[1]?.evidence;
    expect(withoutMetadata?.firstSegment).toBe(0);
  });

  it("returns null when there is nothing to link", () => {
    expect(alignSummary(call(null, SUPPORT_TURNS))).toBeNull();
    expect(alignSummary(call("", SUPPORT_TURNS))).toBeNull();
    expect(alignSummary(call("   \n ", SUPPORT_TURNS))).toBeNull();
    expect(alignSummary(call("Refund issued.", null))).toBeNull();
    expect(alignSummary(call("Refund issued.", []))).toBeNull();
  });

  it("returns every sentence with no evidence when the transcript has no words", () => {
    const result = alignSummary(
      call("Refund issued. Email sent.", [
        ["EXTERNAL", 0, ""],
        ["USER", 2, "…"],
      ]),
    );
    expect(result?.sentences.map((sentence) => sentence.evidence)).toEqual([null, null]);
  });

  it("uses the timeline's order and offsets for out-of-order segments", () => {
    const turns: Turn[] = [
      ["USER", 20, "The refund is issued."],
      ["EXTERNAL", 2, "I was charged twice for the invoice."],
      ["USER", 10, "I see the duplicate charge on the invoice."],
    ];
    const item = call("The customer was charged twice on the invoice. The refund is issued.", turns, 30);
    const timeline = buildTimeline({ ...item, user: null, contacts: [], contact_number: null });
    const [charged, refund] = alignSummary(item)?.sentences ?? [];
    // Timeline order: 0 = "charged twice" (2 s), 1 = "duplicate" (10 s), 2 = "refund" (20 s).
    expect(charged?.evidence?.firstSegment).toBe(0);
    expect(timeline.segments[0]?.text).toBe("I was charged twice for the invoice.");
    expect(refund?.evidence).toMatchObject({
      firstSegment: 2,
      lastSegment: 2,
      startSeconds: 20,
      endSeconds: 30,
    });
  });

  it("ends the last segment's span at the timeline's end when the duration is missing", () => {
    const evidence = alignSummary(call("Two local numbers for Lyon.", SUPPORT_TURNS.slice(0, 7), null))
      ?.sentences[0]?.evidence;
    expect(evidence).toMatchObject({ firstSegment: 6, lastSegment: 6, startSeconds: 36, endSeconds: 41 });
  });

  it("produces compact, JSON-serialisable output", () => {
    const result = alignSummary(call("The refund of the duplicate payment is issued.", SUPPORT_TURNS));
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    const evidence = result?.sentences[0]?.evidence;
    expect(Object.keys(evidence ?? {}).sort()).toEqual(
      ["endSeconds", "firstSegment", "lastSegment", "quote", "score", "startSeconds"].sort(),
    );
    expect(String(evidence?.score).length).toBeLessThanOrEqual(5);
  });
});

describe("quoteFor", () => {
  it("joins the window's segments and cuts at a word near 240 characters", () => {
    const texts = ["First part of it.", "word ".repeat(100)];
    const quote = quoteFor(texts, 0, 1);
    expect(quote.startsWith("First part of it. word word")).toBe(true);
    expect(quote.endsWith("word…")).toBe(true);
    expect(quote.length).toBeLessThanOrEqual(241);
  });

  it("never leaves half a surrogate pair", () => {
    const quote = quoteFor(["😀".repeat(300)], 0, 0);
    expect(quote.length).toBeLessThanOrEqual(241);
    // No high surrogate without its low half (String#isWellFormed is not in the ES2023 lib).
    expect(/[\ud800-\udbff](?![\udc00-\udfff])/.test(quote)).toBe(false);
  });
});

describe("cost on the 1,620-segment demo call", () => {
  it("builds the index once and visits only postings of the sentence terms", () => {
    const entry = buildSeed(0, 0, "").find((seed) => seed.item.id === "cll-demo-long");
    const item = alloItemSchema.parse(entry?.item);
    expect(item.transcript).toHaveLength(LONG_CALL_SEGMENTS);

    const index = buildEvidenceIndex(item);
    const postings = [...index.postings.values()].reduce((sum, list) => sum + list.length, 0);
    const stats: AlignStats = { sentences: 0, alignedSentences: 0, work: 0 };
    const result = alignSummary(item, DEFAULT_ALIGN_OPTIONS, stats);
    expect(result?.sentences).toHaveLength(2);

    // Per sentence and window size w, each posting touches at most w windows of w segments:
    // at most (1 + 4 + 9) = 14 evaluations per posting, and only the sentence's terms' postings.
    expect(stats.work).toBeLessThanOrEqual(14 * postings * stats.alignedSentences);
    // Measured: 21,640 evaluations (about 1 % of the bound above); a regression guard, not a timer.
    // bench/summary-evidence.ts measures the time: about 10 ms warm on the 2-core dev machine.
    expect(stats.work).toBeLessThan(40_000);
  });
});
