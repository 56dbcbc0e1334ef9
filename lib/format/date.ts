/**
 * Dates for people. The server renders a stable UTC form (it cannot know the viewer's zone);
 * the browser replaces it with the viewer's local time after hydration.
 *
 * Everything here is spelled out by hand from Date's getters rather than with Intl. In the
 * browser the first Intl formatter of a page (any locale, any options) loads ICU's data: on a
 * phone (Chromium at a 4× slower CPU) that is 50–75 ms of main thread, in the middle of
 * hydration, while Date's local getters cost nothing measurable (bench: docs/benchmarks.md).
 * The forms are English, as the dashboard is; the unit tests check them against Intl's en-US
 * and en-GB output.
 */

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const twoDigits = (value: number) => String(value).padStart(2, "0");

/** A moment as one clock reads it: UTC's, or the viewer's (the runtime's zone). */
export type CalendarFields = {
  year: number;
  /** 0–11 */
  month: number;
  day: number;
  /** 0 (Sunday) – 6 */
  weekday: number;
  hours: number;
  minutes: number;
  /** Minutes east of UTC. */
  offsetMinutes: number;
};

export function utcFields(ms: number): CalendarFields {
  const date = new Date(ms);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth(),
    day: date.getUTCDate(),
    weekday: date.getUTCDay(),
    hours: date.getUTCHours(),
    minutes: date.getUTCMinutes(),
    offsetMinutes: 0,
  };
}

/** In the runtime's zone: the viewer's, in a browser. */
export function localFields(ms: number): CalendarFields {
  const date = new Date(ms);
  return {
    year: date.getFullYear(),
    month: date.getMonth(),
    day: date.getDate(),
    weekday: date.getDay(),
    hours: date.getHours(),
    minutes: date.getMinutes(),
    // `|| 0`: UTC gives -0, which no zone label or comparison wants.
    offsetMinutes: -date.getTimezoneOffset() || 0,
  };
}

/** `UTC`, `UTC+1`, `UTC-5`, `UTC+5:30`: the zone named by its offset, which needs no zone data. */
export function zoneLabel({ offsetMinutes }: CalendarFields): string {
  if (offsetMinutes === 0) return "UTC";
  const minutes = Math.abs(offsetMinutes);
  const rest = minutes % 60;
  return `UTC${offsetMinutes > 0 ? "+" : "-"}${Math.floor(minutes / 60)}${rest ? `:${twoDigits(rest)}` : ""}`;
}

/** `02:05 PM` */
function clock12({ hours, minutes }: CalendarFields): string {
  return `${twoDigits(hours % 12 || 12)}:${twoDigits(minutes)} ${hours < 12 ? "AM" : "PM"}`;
}

/** `Mon, Nov 23, 2026, 02:05 PM UTC` (with the zone the fields were read in). */
function dateTime(fields: CalendarFields): string {
  return `${WEEKDAYS[fields.weekday]}, ${MONTHS[fields.month]} ${fields.day}, ${fields.year}, ${clock12(fields)} ${zoneLabel(fields)}`;
}

/** `Mon, Nov 23, 2026, 02:05 PM UTC`: what the first HTML shows before the browser localises it. */
export function formatUtcDateTime(ms: number): string {
  return dateTime(utcFields(ms));
}

/** `Mon, Nov 23, 2026, 03:05 PM UTC+1`: the viewer's local date and time, with the offset. */
export function formatLocalDateTime(ms: number): string {
  return dateTime(localFields(ms));
}

/** `3 Nov, 14:05`: a 24-hour clock time with its day. */
function dayClock(fields: CalendarFields): string {
  return `${fields.day} ${MONTHS[fields.month]}, ${twoDigits(fields.hours)}:${twoDigits(fields.minutes)}`;
}

/** `3 Nov, 14:05 UTC`: a 24-hour clock time with its day, in UTC. */
export function formatUtcDayClock(ms: number): string {
  return `${dayClock(utcFields(ms))} UTC`;
}

/** `14:05` today, else `3 Nov, 14:05`, in the viewer's zone. */
export function formatLocalDayClock(ms: number, nowMs: number): string {
  const fields = localFields(ms);
  if (dayKey(fields) === dayKey(localFields(nowMs))) {
    return `${twoDigits(fields.hours)}:${twoDigits(fields.minutes)}`;
  }
  return dayClock(fields);
}

/** `2:05 PM` */
export function formatTimeOfDay(fields: CalendarFields): string {
  return `${fields.hours % 12 || 12}:${twoDigits(fields.minutes)} ${fields.hours < 12 ? "AM" : "PM"}`;
}

/** `2026-11-23`: the calendar day the fields fall on. */
export function dayKey({ year, month, day }: Pick<CalendarFields, "year" | "month" | "day">): string {
  return `${year}-${twoDigits(month + 1)}-${twoDigits(day)}`;
}

/** `Sat, Nov 21`, or `Sat, Nov 21, 2025` when `withYear`. */
export function formatDay(fields: CalendarFields, withYear: boolean): string {
  const day = `${WEEKDAYS[fields.weekday]}, ${MONTHS[fields.month]} ${fields.day}`;
  return withYear ? `${day}, ${fields.year}` : day;
}

/** English, as Intl.RelativeTimeFormat("en", { numeric: "auto" }) says it, for a time in the past. */
function unitsAgo(count: number, unit: "minute" | "hour" | "day" | "month" | "year"): string {
  if (count === 1) {
    if (unit === "day") return "yesterday";
    if (unit === "month" || unit === "year") return `last ${unit}`;
  }
  return `${count} ${unit}${count === 1 ? "" : "s"} ago`;
}

/**
 * "just now", "3 minutes ago", "yesterday", "5 days ago", … Times slightly in the future
 * (clock skew between Allo and the viewer) read as "just now" rather than "in 10 seconds".
 */
export function formatRelativeTime(ms: number, nowMs: number): string {
  const elapsed = nowMs - ms;
  if (elapsed < 45 * SECOND) return "just now";
  if (elapsed < HOUR) return unitsAgo(Math.max(1, Math.round(elapsed / MINUTE)), "minute");
  if (elapsed < DAY) return unitsAgo(Math.floor(elapsed / HOUR), "hour");
  if (elapsed < 30 * DAY) return unitsAgo(Math.floor(elapsed / DAY), "day");
  if (elapsed < 365 * DAY) return unitsAgo(Math.floor(elapsed / (30 * DAY)), "month");
  return unitsAgo(Math.floor(elapsed / (365 * DAY)), "year");
}
