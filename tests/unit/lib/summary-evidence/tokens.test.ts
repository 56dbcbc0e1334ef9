import { describe, expect, it } from "vitest";
import { stem, tokenize } from "@/lib/summary-evidence/tokens";

describe("stem", () => {
  it.each([
    ["refunded", "refund"],
    ["refunds", "refund"],
    ["refunding", "refund"],
    ["invoices", "invoice"],
    ["charged", "charge"],
    ["charges", "charging"],
    ["confirmed", "confirmation"],
    ["transferred", "transfer"],
    ["called", "calls"],
    ["tried", "try"],
    ["replies", "reply"],
    ["scheduled", "schedule"],
    ["porting", "ported"],
    ["addresses", "address"],
    ["quickly", "quick"],
    ["paid", "pay"],
    ["sent", "send"],
    ["made", "making"],
  ])("%s and %s meet", (a, b) => {
    expect(stem(a)).toBe(stem(b));
  });

  it("leaves short words and words ending in -ss/-us/-is alone", () => {
    expect(stem("ring")).toBe("ring");
    expect(stem("need")).toBe("need");
    expect(stem("business")).toBe("business");
    expect(stem("status")).toBe("status");
    expect(stem("analysis")).toBe("analysis");
  });

  it("keeps unrelated words apart", () => {
    expect(stem("port")).not.toBe(stem("portal"));
    expect(stem("line")).not.toBe(stem("link"));
    expect(stem("bill")).not.toBe(stem("billion"));
  });
});

describe("tokenize", () => {
  it("lower-cases, drops stop words and fillers, stems content words", () => {
    expect(tokenize("Okay, so I've just REFUNDED the invoices for you, thanks!")).toEqual([
      "refund",
      "invoic",
    ]);
  });

  it("keeps digits, decimals and grouped numbers, and folds spelled cardinals to digits", () => {
    expect(tokenize("Invoice 20417: 1.5 hours, 1,200 dollars, five to seven days, charged twice")).toEqual([
      "invoic",
      "20417",
      "1.5",
      "hour",
      "1200",
      "dollar",
      "5",
      "7",
      "day",
      "charg",
      "2",
    ]);
  });

  it("drops possessives and typographic apostrophes", () => {
    expect(tokenize("Maria’s billing address")).toEqual(tokenize("Maria's billing address"));
    expect(tokenize("Maria's")).toEqual(["maria"]);
  });

  it("folds accents so that spellings meet", () => {
    expect(tokenize("Hélène Ångström Zoë")).toEqual(["helen", "angstrom", "zoe"]);
  });

  it("splits on punctuation, symbols and emoji", () => {
    expect(tokenize("front-desk/IVR → CRM sync 👍🏽 ok")).toEqual(["front", "desk", "ivr", "crm", "sync"]);
  });

  it("keeps Arabic and Hebrew words (diacritics folded) and Unicode digits", () => {
    expect(tokenize("أريد تجديد الاشتراك")).toEqual(["اريد", "تجديد", "الاشتراك"]);
    expect(tokenize("שלום עולם")).toEqual(["שלום", "עולם"]);
    expect(tokenize("٣ أيام")).toContain("٣");
  });

  it("splits Chinese and Japanese runs into character bigrams", () => {
    expect(tokenize("少々お待ちください")).toContain("待ち");
    expect(tokenize("電話")).toEqual(["電話"]);
    expect(tokenize("iPhoneの設定")).toEqual(["iphon", "の設", "設定"]);
  });

  it("is bounded: long words are truncated and maxTerms is honoured", () => {
    const [word] = tokenize("x".repeat(100_000));
    expect(word?.length).toBeLessThanOrEqual(40);
    expect(tokenize("refund ".repeat(10_000), 25)).toHaveLength(25);
    expect(tokenize("日本語".repeat(10_000), 10)).toHaveLength(10);
  });

  it("returns nothing for text without words", () => {
    expect(tokenize("")).toEqual([]);
    expect(tokenize("… — !!! 👍 \u200f\u202e")).toEqual([]);
    expect(tokenize("the and of to")).toEqual([]);
  });
});
