import { describe, expect, it } from "vitest";
import { isForwardableRange, parseRangeHeader } from "@/lib/http/range";

describe("parseRangeHeader", () => {
  it("parses the single-range forms browsers send", () => {
    expect(parseRangeHeader("bytes=0-99", 1000)).toEqual({ kind: "range", range: { start: 0, end: 99 } });
    expect(parseRangeHeader("bytes=500-", 1000)).toEqual({ kind: "range", range: { start: 500, end: 999 } });
    expect(parseRangeHeader("bytes=-100", 1000)).toEqual({ kind: "range", range: { start: 900, end: 999 } });
    expect(parseRangeHeader("bytes=900-5000", 1000)).toEqual({
      kind: "range",
      range: { start: 900, end: 999 },
    });
  });

  it("flags unsatisfiable ranges and ignores malformed or multi-range headers", () => {
    expect(parseRangeHeader("bytes=1000-", 1000)).toEqual({ kind: "unsatisfiable" });
    expect(parseRangeHeader("bytes=50-10", 1000)).toEqual({ kind: "unsatisfiable" });
    expect(parseRangeHeader("bytes=-0", 1000)).toEqual({ kind: "unsatisfiable" });
    expect(parseRangeHeader("bytes=0-1,5-6", 1000)).toEqual({ kind: "none" });
    expect(parseRangeHeader("items=0-1", 1000)).toEqual({ kind: "none" });
    expect(parseRangeHeader(null, 1000)).toEqual({ kind: "none" });
  });

  it("forwards only well-formed, short single ranges", () => {
    expect(isForwardableRange("bytes=0-99")).toBe(true);
    expect(isForwardableRange("bytes=0-99\r\nX-Evil: 1")).toBe(false);
    expect(isForwardableRange(`bytes=${"9".repeat(80)}-`)).toBe(false);
  });
});
