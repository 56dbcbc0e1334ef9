import { describe, expect, it } from "vitest";
import { splitSentences } from "@/lib/summary-evidence/sentences";

const texts = (summary: string) => splitSentences(summary).map((sentence) => sentence.text);

/** Every range must reproduce its text exactly, in order, without overlap. */
function expectExactRanges(summary: string) {
  const sentences = splitSentences(summary);
  let previousEnd = 0;
  for (const sentence of sentences) {
    expect(summary.slice(sentence.start, sentence.end)).toBe(sentence.text);
    expect(sentence.start).toBeGreaterThanOrEqual(previousEnd);
    expect(sentence.end).toBeGreaterThan(sentence.start);
    previousEnd = sentence.end;
  }
  return sentences;
}

describe("splitSentences", () => {
  it("splits plain prose and keeps exact UTF-16 ranges", () => {
    const summary = "Maria was charged twice. Alex refunded it!  Will she get an email? Yes.";
    expect(texts(summary)).toEqual([
      "Maria was charged twice.",
      "Alex refunded it!",
      "Will she get an email?",
      "Yes.",
    ]);
    const sentences = expectExactRanges(summary);
    expect(sentences[1]).toMatchObject({ start: 25, end: 42 });
  });

  it("does not split after titles and Latin abbreviations", () => {
    expect(texts("Mr. Okafor met Dr. Lee, e.g. about billing, i.e. the invoice. Then he left.")).toEqual([
      "Mr. Okafor met Dr. Lee, e.g. about billing, i.e. the invoice.",
      "Then he left.",
    ]);
    expect(texts("Ticket No. 5521 is open (ref. INC-5521) vs. last week.")).toHaveLength(1);
  });

  it("does not split inside decimals, amounts, e-mail addresses or URLs", () => {
    expect(
      texts("The fee is 1.5 % or $3.50 per seat. Send it to maria.gonzalez@northwind.example today."),
    ).toEqual(["The fee is 1.5 % or $3.50 per seat.", "Send it to maria.gonzalez@northwind.example today."]);
    expect(texts("See allo.example/pricing for v2.1 details.")).toHaveLength(1);
  });

  it("handles dotted acronyms: a sentence opener after them splits, a noun does not", () => {
    expect(texts("She is based in the U.S. The team is in Lyon.")).toEqual([
      "She is based in the U.S.",
      "The team is in Lyon.",
    ]);
    expect(texts("The U.S. Team in Lyon called.")).toEqual(["The U.S. Team in Lyon called."]);
    expect(texts("Call J. R. Smith today.")).toHaveLength(1);
    expect(texts("The outage affected the U.S.")).toEqual(["The outage affected the U.S."]);
  });

  it("splits after a.m./p.m. before a new sentence but not before a weekday or a time zone", () => {
    expect(texts("Calls dropped since 8 a.m. Alex found the cause.")).toEqual([
      "Calls dropped since 8 a.m.",
      "Alex found the cause.",
    ]);
    expect(texts("The demo is at 10 a.m. Tuesday. It is booked.")).toEqual([
      "The demo is at 10 a.m. Tuesday.",
      "It is booked.",
    ]);
    expect(texts("Call back by 2 p.m. EST at the latest.")).toHaveLength(1);
  });

  it("treats ellipses as one terminator and splits only before a new sentence", () => {
    expect(texts("She waited... and waited. Then… Nothing happened.")).toEqual([
      "She waited... and waited.",
      "Then…",
      "Nothing happened.",
    ]);
  });

  it("keeps closing quotes with their sentence and does not split before a lower-case continuation", () => {
    expect(texts('He said "it\'s fixed." Then he hung up.')).toEqual([
      'He said "it\'s fixed."',
      "Then he hung up.",
    ]);
    expect(texts('"Is it fixed?" she asked. “Yes.” She smiled.')).toEqual([
      '"Is it fixed?" she asked.',
      "“Yes.”",
      "She smiled.",
    ]);
  });

  it("ends a sentence at a line break and leaves bullet markers outside the range", () => {
    const summary = "- Refund issued\n- Email sent\n\n1. Follow up Tuesday\n2) Close ticket";
    expect(texts(summary)).toEqual(["Refund issued", "Email sent", "Follow up Tuesday", "Close ticket"]);
    expectExactRanges(summary);
  });

  it("splits scripts without case and CJK full stops", () => {
    expect(texts("مكالمة حول تجديد الاشتراك. The customer was happy؟ نعم.")).toEqual([
      "مكالمة حول تجديد الاشتراك.",
      "The customer was happy؟",
      "نعم.",
    ]);
    expect(texts("通話は終わりました。次は火曜日です。")).toEqual([
      "通話は終わりました。",
      "次は火曜日です。",
    ]);
    expect(texts("שלום. מה שלומך?")).toEqual(["שלום.", "מה שלומך?"]);
  });

  it("keeps the seed's mixed-script summary in three sentences", () => {
    const summary =
      "مكالمة حول تجديد الاشتراك. The customer mixed Arabic and English; 日本語のテキストも含まれています. Emoji ok 👍🏽.";
    expect(texts(summary)).toEqual([
      "مكالمة حول تجديد الاشتراك.",
      "The customer mixed Arabic and English; 日本語のテキストも含まれています.",
      "Emoji ok 👍🏽.",
    ]);
    expectExactRanges(summary);
  });

  it("starts a new sentence at an emoji (astral characters are read whole)", () => {
    expect(texts("Refund issued. 👍 Customer happy. 𝐁old text follows.")).toEqual([
      "Refund issued.",
      "👍 Customer happy.",
      "𝐁old text follows.",
    ]);
  });

  it("returns no sentences for empty or whitespace-only input, and one for text without a terminator", () => {
    expect(splitSentences("")).toEqual([]);
    expect(splitSentences("  \n\t ")).toEqual([]);
    expect(splitSentences("  no full stop here  ")).toEqual([
      { text: "no full stop here", start: 2, end: 19 },
    ]);
  });

  it("treats a number at the start of a line as a list marker, not a sentence", () => {
    expect(texts("1. Refund issued. 2. Email sent.")).toEqual(["Refund issued.", "Email sent."]);
  });
});
