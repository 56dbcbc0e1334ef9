import { describe, expect, it } from "vitest";
import { dayLabel, formatTimeOfDay, groupByDay, localDayKey } from "@/lib/format/day-groups";

const PARIS = { locale: "en-US", timeZone: "Europe/Paris" };
const LA = { locale: "en-US", timeZone: "America/Los_Angeles" };
const NOW = Date.parse("2026-11-24T10:00:00Z");

describe("day groups", () => {
  it("keys days in the viewer's zone, not UTC", () => {
    const lateUtc = Date.parse("2026-11-23T23:30:00Z");
    expect(localDayKey(lateUtc, PARIS)).toBe("2026-11-24");
    expect(localDayKey(lateUtc, LA)).toBe("2026-11-23");
  });

  it("says Today and Yesterday, else the date, with the year only for another year", () => {
    expect(dayLabel("2026-11-24", NOW, PARIS)).toBe("Today");
    expect(dayLabel("2026-11-23", NOW, PARIS)).toBe("Yesterday");
    expect(dayLabel("2026-11-21", NOW, PARIS)).toBe("Sat, Nov 21");
    expect(dayLabel("2025-12-31", NOW, PARIS)).toBe("Wed, Dec 31, 2025");
    // Across a month boundary and a DST change (Paris left summer time on 2026-10-25).
    const afterDst = Date.parse("2026-10-26T09:00:00Z");
    expect(dayLabel("2026-10-25", afterDst, PARIS)).toBe("Yesterday");
    expect(dayLabel("2026-11-30", Date.parse("2026-12-01T08:00:00Z"), PARIS)).toBe("Yesterday");
  });

  it("groups newest-first rows by day, keeping their order, undated last", () => {
    const rows = [
      { id: "a", at: Date.parse("2026-11-24T09:00:00Z") },
      { id: "b", at: Date.parse("2026-11-23T22:30:00Z") }, // 23:30 in Paris: yesterday
      { id: "c", at: Date.parse("2026-11-23T08:00:00Z") },
      { id: "d", at: null },
      { id: "e", at: Date.parse("2026-11-21T08:00:00Z") },
    ];
    const groups = groupByDay(rows, (row) => row.at, NOW, PARIS);
    expect(groups.map((group) => [group.label, group.rows.map((row) => row.id)])).toEqual([
      ["Today", ["a"]],
      ["Yesterday", ["b", "c"]],
      ["Sat, Nov 21", ["e"]],
      ["Date unknown", ["d"]],
    ]);
    // In Los Angeles the same rows fall on other days.
    expect(groupByDay(rows, (row) => row.at, NOW, LA).map((group) => group.label)).toEqual([
      "Today",
      "Yesterday",
      "Sat, Nov 21",
      "Date unknown",
    ]);
  });

  it("formats the time of day in the zone", () => {
    expect(formatTimeOfDay(Date.parse("2026-11-23T14:05:12Z"), PARIS)).toBe("3:05 PM");
    expect(formatTimeOfDay(Date.parse("2026-11-23T14:05:12Z"), LA)).toBe("6:05 AM");
  });
});
