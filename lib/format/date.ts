/**
 * Dates for the header. The server renders a stable UTC form (it cannot know the viewer's
 * zone); the browser replaces it with the viewer's local time after hydration.
 */

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const DATE_TIME_PARTS: Intl.DateTimeFormatOptions = {
  weekday: "short",
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
};

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const twoDigits = (value: number) => String(value).padStart(2, "0");

/*
 * The UTC forms are spelled out by hand rather than with Intl: they must hydrate to the same
 * text in the browser, and there the first Intl.DateTimeFormat with a time zone loads the
 * zone data, about 15 ms of a phone's main thread while the call page hydrates. They equal
 * Intl's en-US and en-GB output (tests/unit/lib/format/date.test.ts checks them against it).
 */

/** `Mon, Nov 23, 2026, 02:05 PM UTC`: what the first HTML shows before the browser localises it. */
export function formatUtcDateTime(ms: number): string {
  const date = new Date(ms);
  const hours = date.getUTCHours();
  const clock = `${twoDigits(hours % 12 || 12)}:${twoDigits(date.getUTCMinutes())} ${hours < 12 ? "AM" : "PM"}`;
  return `${WEEKDAYS[date.getUTCDay()]}, ${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()}, ${clock} UTC`;
}

/** `3 Nov, 14:05 UTC`: a 24-hour clock time with its day, in UTC. */
export function formatUtcDayClock(ms: number): string {
  const date = new Date(ms);
  const clock = `${twoDigits(date.getUTCHours())}:${twoDigits(date.getUTCMinutes())}`;
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]}, ${clock} UTC`;
}

/** Intl formatters are costly to build and cheap to use: one per locale and options. */
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
export function dateTimeFormat(locale: string | undefined, options: Intl.DateTimeFormatOptions) {
  const key = `${locale ?? ""}|${JSON.stringify(options)}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    dateTimeFormats.set(key, format);
  }
  return format;
}

/**
 * The viewer's local date and time with the zone name, e.g. `Mon, Nov 23, 2026, 03:05 PM CET`.
 * `locale` and `timeZone` default to the runtime's (the browser's) settings.
 */
export function formatLocalDateTime(
  ms: number,
  options: { locale?: string; timeZone?: string } = {},
): string {
  return dateTimeFormat(options.locale, {
    ...DATE_TIME_PARTS,
    timeZone: options.timeZone,
    timeZoneName: "short",
  }).format(ms);
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
 * Spelled out rather than Intl.RelativeTimeFormat, whose first use costs a phone about 25 ms
 * while the page hydrates (the tests check it against Intl).
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
