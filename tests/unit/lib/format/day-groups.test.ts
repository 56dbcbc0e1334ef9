import { describe, expect, it } from "vitest";
import { dayLabel, groupByDay } from "@/lib/format/day-groups";
import { zoneFields } from "@/tests/support/time-zones";

const PARIS = zoneFields("Europe/Paris");
const LA = zoneFields("America/Los_Angeles");
const NOW = Date.parse("2026-11-24T10:00:00Z");

/** The label of the day `ms` falls on in Paris, seen at `nowMs`. */
const parisLabel = (ms: number, nowMs = NOW) => dayLabel(PARIS(ms), PARIS(nowMs));

describe("day groups", () => {
  it("says Today and Yesterday, else the date, with the year only for another year", () => {
    expect(parisLabel(Date.parse("2026-11-24T08:00:00Z"))).toBe("Today");
    expect(parisLabel(Date.parse("2026-11-23T08:00:00Z"))).toBe("Yesterday");
    expect(parisLabel(Date.parse("2026-11-21T08:00:00Z"))).toBe("Sat, Nov 21");
    expect(parisLabel(Date.parse("2025-12-31T08:00:00Z"))).toBe("Wed, Dec 31, 2025");
    // Across a month boundary, a year boundary and a DST change (Paris left summer time on 2026-10-25).
    expect(parisLabel(Date.parse("2026-10-25T09:00:00Z"), Date.parse("2026-10-26T09:00:00Z"))).toBe(
      "Yesterday",
    );
    expect(parisLabel(Date.parse("2026-11-30T09:00:00Z"), Date.parse("2026-12-01T08:00:00Z"))).toBe(
      "Yesterday",
    );
    expect(parisLabel(Date.parse("2026-12-31T09:00:00Z"), Date.parse("2027-01-01T08:00:00Z"))).toBe(
      "Yesterday",
    );
  });

  it("groups newest-first rows by day in the viewer's zone, keeping their order, undated last", () => {
    const rows = [
      { id: "a", at: Date.parse("2026-11-24T09:00:00Z") },
      { id: "b", at: Date.parse("2026-11-23T23:30:00Z") }, // 00:30 on the 24th in Paris, 15:30 on the 23rd in LA
      { id: "c", at: Date.parse("2026-11-23T08:00:00Z") }, // 00:00 on the 23rd in LA
      { id: "d", at: null },
      { id: "e", at: Date.parse("2026-11-21T08:00:00Z") },
    ];
    const groups = groupByDay(rows, (row) => row.at, NOW, PARIS);
    expect(groups.map((group) => [group.label, group.rows.map((row) => row.id)])).toEqual([
      ["Today", ["a", "b"]],
      ["Yesterday", ["c"]],
      ["Sat, Nov 21", ["e"]],
      ["Date unknown", ["d"]],
    ]);
    // In Los Angeles (02:00 on the 24th) the same rows fall on other days.
    expect(
      groupByDay(rows, (row) => row.at, NOW, LA).map((group) => [
        group.label,
        group.rows.map((row) => row.id),
      ]),
    ).toEqual([
      ["Today", ["a"]],
      ["Yesterday", ["b", "c"]],
      ["Sat, Nov 21", ["e"]],
      ["Date unknown", ["d"]],
    ]);
  });
});
