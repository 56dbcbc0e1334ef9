/**
 * Rows grouped by calendar day in the viewer's time zone, with "Today" and "Yesterday", and
 * times of day, for the history panel. `locale` and `timeZone` default to the runtime's (the
 * browser's); tests pass them. Formatters come from one memo (./date.ts): building one costs a
 * phone milliseconds, and a page of history formats every row.
 */
import { dateTimeFormat } from "./date";

export type DayOptions = { locale?: string; timeZone?: string };

/** `2026-11-23`: the calendar day of `ms` in the zone. */
export function localDayKey(ms: number, options: DayOptions = {}): string {
  // en-CA formats dates as YYYY-MM-DD; only the parts are used, never the locale's wording.
  const parts = dateTimeFormat("en-CA", {
    timeZone: options.timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(ms);
  const part = (type: string) => parts.find((entry) => entry.type === type)?.value ?? "00";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/** Noon UTC of a day key: a moment that is that same day when formatted in UTC. */
function noonOf(key: string): number {
  const [year = 1970, month = 1, day = 1] = key.split("-").map(Number);
  return Date.UTC(year, month - 1, day, 12);
}

function previousDay(key: string): string {
  return new Date(noonOf(key) - 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

/** "Today", "Yesterday", "Sat, Nov 21", or "Sat, Nov 21, 2025" in another year. */
export function dayLabel(key: string, nowMs: number, options: DayOptions = {}): string {
  const today = localDayKey(nowMs, options);
  if (key === today) return "Today";
  if (key === previousDay(today)) return "Yesterday";
  return dateTimeFormat(options.locale, {
    timeZone: "UTC",
    weekday: "short",
    month: "short",
    day: "numeric",
    ...(key.slice(0, 4) === today.slice(0, 4) ? {} : { year: "numeric" }),
  }).format(noonOf(key));
}

/** `2:05 PM` (or the locale's form) in the zone. */
export function formatTimeOfDay(ms: number, options: DayOptions = {}): string {
  return dateTimeFormat(options.locale, {
    timeZone: options.timeZone,
    hour: "numeric",
    minute: "2-digit",
  }).format(ms);
}

export type DayGroup<T> = { key: string; label: string; rows: T[] };

/**
 * Rows of the same day form one group; groups come in the order their first row does (newest
 * first in, newest day first out) and keep the rows' order. Rows without a readable date go to
 * a last group, "Date unknown".
 */
export function groupByDay<T>(
  rows: readonly T[],
  timeOf: (row: T) => number | null,
  nowMs: number,
  options: DayOptions = {},
): DayGroup<T>[] {
  const groups = new Map<string, DayGroup<T>>();
  const undated: T[] = [];
  for (const row of rows) {
    const ms = timeOf(row);
    if (ms === null) {
      undated.push(row);
      continue;
    }
    const key = localDayKey(ms, options);
    const group = groups.get(key);
    if (group) group.rows.push(row);
    else groups.set(key, { key, label: dayLabel(key, nowMs, options), rows: [row] });
  }
  const list = [...groups.values()];
  if (undated.length > 0) list.push({ key: "unknown", label: "Date unknown", rows: undated });
  return list;
}
