import { describe, expect, it } from "vitest";
import { centredScrollTop, rowAt, rowStarts, visibleRange } from "@/lib/transcript/windowing";

describe("windowing", () => {
  const starts = rowStarts([10, 20, 30, 40]);

  it("adds up where each row starts and the total height", () => {
    expect([...starts]).toEqual([0, 10, 30, 60, 100]);
    expect([...rowStarts([])]).toEqual([0]);
  });

  it("finds the row at an offset, rows' first pixel included", () => {
    expect(rowAt(starts, 0)).toBe(0);
    expect(rowAt(starts, 9.9)).toBe(0);
    expect(rowAt(starts, 10)).toBe(1);
    expect(rowAt(starts, 59)).toBe(2);
    expect(rowAt(starts, 1_000)).toBe(3);
    expect(rowAt(rowStarts([]), 5)).toBe(0);
  });

  it("renders the rows a viewport shows, plus overscan, within the list", () => {
    expect(visibleRange(starts, 15, 20, 0)).toEqual({ first: 1, last: 2 });
    expect(visibleRange(starts, 15, 20, 1)).toEqual({ first: 0, last: 3 });
    expect(visibleRange(starts, 0, 10, 0)).toEqual({ first: 0, last: 0 });
    expect(visibleRange(starts, -50, 10, 0)).toEqual({ first: 0, last: 0 });
    expect(visibleRange(rowStarts([]), 0, 100, 8)).toBeNull();
  });

  it("centres a row where the list can scroll that far, and clamps at both ends", () => {
    // Row 2 spans 30–60: its centre 45 minus half of a 20 px viewport.
    expect(centredScrollTop(starts, 2, 20, 100)).toBe(35);
    expect(centredScrollTop(starts, 0, 50, 100)).toBe(0);
    expect(centredScrollTop(starts, 3, 50, 100)).toBe(50);
  });
});
