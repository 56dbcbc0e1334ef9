import { describe, expect, it } from "vitest";
import {
  formatLocalDateTime,
  formatLocalDayClock,
  formatRelativeTime,
  formatTimeOfDay,
  formatUtcDateTime,
  formatUtcDayClock,
  localFields,
  zoneLabel,
} from "@/lib/format/date";
import { inZone, zoneFields } from "@/tests/support/time-zones";

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

describe("the viewer's local time, from Date's getters (no Intl in the browser)", () => {
  const zones = [
    "Europe/Paris",
    "America/Los_Angeles",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Pacific/Chatham",
    "UTC",
  ];
  const samples = [
    AT,
    Date.parse("2026-11-23T22:14:09Z"),
    // Both sides of Paris's and Los Angeles's DST changes.
    Date.parse("2026-03-29T00:30:00Z"),
    Date.parse("2026-03-29T01:30:00Z"),
    Date.parse("2026-11-01T08:30:00Z"),
    Date.parse("2026-11-01T09:30:00Z"),
    ...Array.from({ length: 60 }, (_, index) => Date.UTC(2020, 0, 1) + index * 31_993_123_457),
  ];

  it("reads the calendar the runtime's zone gives, as Intl does", () => {
    for (const zone of zones) {
      const oracle = zoneFields(zone);
      for (const ms of samples)
        expect(
          inZone(zone, () => localFields(ms)),
          `${zone} ${ms}`,
        ).toEqual(oracle(ms));
    }
  });

  it("says the date and time like the UTC form, with the zone as its offset", () => {
    expect(inZone("Europe/Paris", () => formatLocalDateTime(AT))).toBe("Mon, Nov 23, 2026, 03:05 PM UTC+1");
    expect(inZone("Asia/Tokyo", () => formatLocalDateTime(Date.parse("2026-11-23T22:14:09Z")))).toBe(
      "Tue, Nov 24, 2026, 07:14 AM UTC+9",
    );
    expect(inZone("America/Los_Angeles", () => formatLocalDateTime(AT))).toBe(
      "Mon, Nov 23, 2026, 06:05 AM UTC-8",
    );
    expect(inZone("UTC", () => formatLocalDateTime(AT))).toBe(formatUtcDateTime(AT));
  });

  it("names offsets with minutes when there are some", () => {
    expect(zoneLabel({ ...localFields(AT), offsetMinutes: 330 })).toBe("UTC+5:30");
    expect(zoneLabel({ ...localFields(AT), offsetMinutes: -570 })).toBe("UTC-9:30");
    expect(zoneLabel({ ...localFields(AT), offsetMinutes: 765 })).toBe("UTC+12:45");
  });

  it("writes the date part as Intl's en-US does, in every zone", () => {
    const parts = (zone: string) =>
      new Intl.DateTimeFormat("en-US", {
        timeZone: zone,
        weekday: "short",
        day: "numeric",
        month: "short",
        year: "numeric",
        hour: "2-digit",
        minute: "2-digit",
      });
    for (const zone of zones) {
      const oracle = parts(zone);
      // "Mon, Nov 23, 2026, 03:05 PM UTC+1" without the zone is Intl's en-US form.
      for (const ms of samples) {
        const ours = inZone(zone, () => formatLocalDateTime(ms)).replace(/ UTC\S*$/, "");
        expect(ours, `${zone} ${ms}`).toBe(oracle.format(ms));
      }
    }
  });

  it("gives a notification's clock time alone today, with its day otherwise", () => {
    inZone("Europe/Paris", () => {
      expect(formatLocalDayClock(AT, AT + 60_000)).toBe("15:05");
      expect(formatLocalDayClock(AT, AT + 24 * 3_600_000)).toBe("23 Nov, 15:05");
      // 23:30 UTC is already the next day in Paris.
      expect(
        formatLocalDayClock(Date.parse("2026-11-23T23:30:00Z"), Date.parse("2026-11-24T08:00:00Z")),
      ).toBe("00:30");
    });
  });

  it("writes times of day as Intl's en-US does", () => {
    const oracle = new Intl.DateTimeFormat("en-US", { timeZone: "UTC", hour: "numeric", minute: "2-digit" });
    for (const ms of samples)
      expect(inZone("UTC", () => formatTimeOfDay(localFields(ms)))).toBe(oracle.format(ms));
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
