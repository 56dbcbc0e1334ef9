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

/** Built once: constructing an Intl formatter costs far more than formatting with it. */
const UTC_DATE_TIME = new Intl.DateTimeFormat("en-US", {
  ...DATE_TIME_PARTS,
  timeZone: "UTC",
  timeZoneName: "short",
});

/** `Mon, Nov 23, 2026, 02:05 PM UTC`: what the first HTML shows before the browser localises it. */
export function formatUtcDateTime(ms: number): string {
  return UTC_DATE_TIME.format(ms);
}

/**
 * The viewer's local date and time with the zone name, e.g. `Mon, Nov 23, 2026, 03:05 PM CET`.
 * `locale` and `timeZone` default to the runtime's (the browser's) settings.
 */
export function formatLocalDateTime(
  ms: number,
  options: { locale?: string; timeZone?: string } = {},
): string {
  return new Intl.DateTimeFormat(options.locale, {
    ...DATE_TIME_PARTS,
    timeZone: options.timeZone,
    timeZoneName: "short",
  }).format(ms);
}

/**
 * "just now", "3 minutes ago", "yesterday", "5 days ago", … Times slightly in the future
 * (clock skew between Allo and the viewer) read as "just now" rather than "in 10 seconds".
 */
export function formatRelativeTime(ms: number, nowMs: number, locale = "en"): string {
  const elapsed = nowMs - ms;
  if (elapsed < 45 * SECOND) return "just now";
  const format = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  if (elapsed < HOUR) return format.format(-Math.max(1, Math.round(elapsed / MINUTE)), "minute");
  if (elapsed < DAY) return format.format(-Math.floor(elapsed / HOUR), "hour");
  if (elapsed < 30 * DAY) return format.format(-Math.floor(elapsed / DAY), "day");
  if (elapsed < 365 * DAY) return format.format(-Math.floor(elapsed / (30 * DAY)), "month");
  return format.format(-Math.floor(elapsed / (365 * DAY)), "year");
}
