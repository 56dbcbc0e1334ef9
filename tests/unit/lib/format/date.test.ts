import { describe, expect, it } from "vitest";
import { formatLocalDateTime, formatRelativeTime, formatUtcDateTime } from "@/lib/format/date";

const AT = Date.parse("2026-11-23T14:05:12Z");

describe("formatUtcDateTime", () => {
  it("renders a stable, zone-labelled form for the server HTML", () => {
    expect(formatUtcDateTime(AT)).toBe("Mon, Nov 23, 2026, 02:05 PM UTC");
  });
});

describe("formatLocalDateTime", () => {
  it("uses the given time zone and names it", () => {
    const text = formatLocalDateTime(AT, { locale: "en-GB", timeZone: "Europe/Paris" });
    expect(text).toContain("15:05");
    expect(text).toMatch(/CET|GMT\+1/);
  });

  it("moves the date across midnight for zones far from UTC", () => {
    const text = formatLocalDateTime(Date.parse("2026-11-23T22:14:09Z"), {
      locale: "en-US",
      timeZone: "Asia/Tokyo",
    });
    expect(text).toContain("Nov 24");
  });
});

describe("formatRelativeTime", () => {
  const minute = 60_000;
  it.each([
    [10_000, "just now"],
    [-30_000, "just now"],
    [3 * minute, "3 minutes ago"],
    [61 * minute, "1 hour ago"],
    [5 * 60 * minute, "5 hours ago"],
    [26 * 60 * minute, "yesterday"],
    [5 * 24 * 60 * minute, "5 days ago"],
    [65 * 24 * 60 * minute, "2 months ago"],
    [800 * 24 * 60 * minute, "2 years ago"],
  ])("%d ms ago reads %s", (elapsed, expected) => {
    expect(formatRelativeTime(AT, AT + elapsed)).toBe(expected);
  });
});
