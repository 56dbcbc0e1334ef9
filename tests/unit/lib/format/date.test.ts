import { describe, expect, it } from "vitest";
import {
  formatLocalDateTime,
  formatRelativeTime,
  formatUtcDateTime,
  formatUtcDayClock,
} from "@/lib/format/date";

const AT = Date.parse("2026-11-23T14:05:12Z");

describe("formatUtcDateTime", () => {
  it("renders a stable, zone-labelled form for the server HTML", () => {
    expect(formatUtcDateTime(AT)).toBe("Mon, Nov 23, 2026, 02:05 PM UTC");
  });

  // Spelled out by hand (no Intl in the browser's hydration); Intl is the oracle.
  const samples = [
    Date.parse("2026-11-03T00:05:12Z"),
    Date.parse("2026-11-03T12:59:59Z"),
    Date.parse("2024-02-29T23:00:00Z"),
    Date.parse("1999-12-31T11:30:00Z"),
    ...Array.from({ length: 200 }, (_, index) => Date.UTC(2020, 0, 1) + index * 7_919_993_123),
  ];

  it("equals Intl's en-US output at every hour, month and weekday", () => {
    const oracle = new Intl.DateTimeFormat("en-US", {
      weekday: "short",
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      timeZone: "UTC",
      timeZoneName: "short",
    });
    for (const ms of samples) expect(formatUtcDateTime(ms)).toBe(oracle.format(ms));
  });

  it("has a 24-hour day-and-clock form equal to Intl's en-GB output", () => {
    const oracle = new Intl.DateTimeFormat("en-GB", {
      hour: "2-digit",
      minute: "2-digit",
      day: "numeric",
      month: "short",
      timeZone: "UTC",
      timeZoneName: "short",
    });
    // ICU versions disagree on September ("Sep" or "Sept"); ours is always "Sep".
    for (const ms of samples) expect(formatUtcDayClock(ms)).toBe(oracle.format(ms).replace("Sept", "Sep"));
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

describe("formatRelativeTime against Intl", () => {
  it("says what Intl.RelativeTimeFormat('en', { numeric: 'auto' }) says, at every step", () => {
    const oracle = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
    const minute = 60_000;
    const hour = 60 * minute;
    const day = 24 * hour;
    const cases: [number, number, Intl.RelativeTimeFormatUnit][] = [
      ...Array.from(
        { length: 59 },
        (_, index) => [(index + 1) * minute, index + 1, "minute"] as [number, number, "minute"],
      ),
      ...Array.from(
        { length: 23 },
        (_, index) => [(index + 1) * hour, index + 1, "hour"] as [number, number, "hour"],
      ),
      ...Array.from(
        { length: 29 },
        (_, index) => [(index + 1) * day, index + 1, "day"] as [number, number, "day"],
      ),
      ...Array.from(
        { length: 12 },
        (_, index) => [(index + 1) * 30 * day, index + 1, "month"] as [number, number, "month"],
      ),
      ...Array.from(
        { length: 5 },
        (_, index) => [(index + 1) * 365 * day, index + 1, "year"] as [number, number, "year"],
      ),
    ];
    for (const [elapsed, count, unit] of cases) {
      if (unit === "month" && elapsed >= 365 * day) continue;
      expect(formatRelativeTime(AT, AT + elapsed)).toBe(oracle.format(-count, unit));
    }
  });
});
