import { describe, expect, it } from "vitest";
import {
  buildSearchIndex,
  findHits,
  foldQuery,
  hitsBySegment,
  splitByHits,
  stepHit,
} from "@/lib/transcript/search";

describe("findHits", () => {
  it("finds several hits in one segment and across segments, in order", () => {
    const index = buildSearchIndex(["refund the refund", "no match", "Refund issued"]);
    expect(findHits(index, "refund")).toEqual([
      { segmentIndex: 0, start: 0, end: 6 },
      { segmentIndex: 0, start: 11, end: 17 },
      { segmentIndex: 2, start: 0, end: 6 },
    ]);
  });

  it("ignores case and accents on both sides", () => {
    const index = buildSearchIndex(["Hélène Marchand called", "HELENE again"]);
    expect(findHits(index, "helene")).toHaveLength(2);
    expect(findHits(index, "HÉLÈNE")).toHaveLength(2);
    expect(findHits(index, "marchand")).toEqual([{ segmentIndex: 0, start: 7, end: 15 }]);
  });

  it("reports original indices when folding changes lengths", () => {
    // "ﬁ" folds to two letters, decomposed accents to one; the hit must cover the original chars.
    const text = "Le ﬁchier est prêt";
    const [hit] = findHits(buildSearchIndex([text]), "fichier est pret");
    expect(hit && text.slice(hit.start, hit.end)).toBe("ﬁchier est prêt");
    const decomposed = "cafe\u0301 ok";
    const [accent] = findHits(buildSearchIndex([decomposed]), "café");
    expect(accent && decomposed.slice(accent.start, accent.end)).toBe("cafe\u0301");
  });

  it("matches typographic apostrophes and collapses whitespace in the query", () => {
    const index = buildSearchIndex(["you’re  welcome"]);
    expect(findHits(index, "you're")).toHaveLength(1);
    expect(findHits(index, "  you're   welcome ")).toHaveLength(0);
    expect(findHits(buildSearchIndex(["you're welcome"]), "  you're   welcome ")).toHaveLength(1);
  });

  it("does not overlap hits", () => {
    expect(findHits(buildSearchIndex(["aaaa"]), "aa")).toHaveLength(2);
  });

  it("has no hits for an empty query", () => {
    expect(findHits(buildSearchIndex(["anything"]), "   ")).toEqual([]);
    expect(foldQuery("  ")).toBe("");
  });

  it("handles emoji and right-to-left text", () => {
    const texts = ["شكرا جزيلا 🙏", "👍🏽 ok"];
    const hits = findHits(buildSearchIndex(texts), "جزيلا");
    expect(hits).toEqual([{ segmentIndex: 0, start: 5, end: 10 }]);
    const [ok] = findHits(buildSearchIndex(texts), "ok");
    expect(ok && texts[1]?.slice(ok.start, ok.end)).toBe("ok");
  });
});

describe("stepHit", () => {
  it("cycles forward and backward with wrap-around", () => {
    expect(stepHit(0, 3, 1)).toBe(1);
    expect(stepHit(2, 3, 1)).toBe(0);
    expect(stepHit(0, 3, -1)).toBe(2);
    expect(stepHit(-1, 3, 1)).toBe(0);
    expect(stepHit(-1, 3, -1)).toBe(2);
    expect(stepHit(0, 0, 1)).toBe(-1);
  });
});

describe("splitByHits", () => {
  it("splits text into plain and matched pieces", () => {
    const text = "refund the refund";
    const hits = hitsBySegment(findHits(buildSearchIndex([text]), "refund")).get(0) ?? [];
    expect(splitByHits(text, hits)).toEqual([
      { text: "refund", hitOrdinal: 0 },
      { text: " the ", hitOrdinal: null },
      { text: "refund", hitOrdinal: 1 },
    ]);
  });

  it("returns the whole text when nothing matched", () => {
    expect(splitByHits("plain", [])).toEqual([{ text: "plain", hitOrdinal: null }]);
  });
});
