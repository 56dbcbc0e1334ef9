/**
 * Time zones for date tests: run code as if the machine were elsewhere (Node reads TZ again
 * when it changes), and read another zone's calendar with Intl, the oracle.
 */
import type { CalendarFields } from "@/lib/format/date";

export function inZone<T>(timeZone: string, run: () => T): T {
  const before = process.env.TZ;
  process.env.TZ = timeZone;
  try {
    return run();
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** A moment's calendar fields in `timeZone`, read with Intl. */
export function zoneFields(timeZone: string): (ms: number) => CalendarFields {
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    weekday: "short",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    timeZoneName: "longOffset",
  });
  return (ms) => {
    const parts = Object.fromEntries(format.formatToParts(ms).map((part) => [part.type, part.value]));
    // "GMT", "GMT+01:00", "GMT-05:30"
    const offset = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(parts.timeZoneName ?? "GMT");
    const sign = offset?.[1] === "-" ? -1 : 1;
    return {
      year: Number(parts.year),
      month: Number(parts.month) - 1,
      day: Number(parts.day),
      weekday: WEEKDAYS.indexOf(parts.weekday ?? ""),
      hours: Number(parts.hour),
      minutes: Number(parts.minute),
      offsetMinutes: offset?.[1] ? sign * (Number(offset[2]) * 60 + Number(offset[3])) : 0,
    };
  };
}
