/**
 * Rows grouped by calendar day in the viewer's time zone, with "Today" and "Yesterday", for the
 * history panel. The day of a moment comes from `fieldsOf` (./date.ts): the viewer's clock by
 * default, another zone's in tests.
 */
import { dayKey, formatDay, localFields, type CalendarFields } from "./date";

export type FieldsOf = (ms: number) => CalendarFields;

/** The day before a day key (calendar arithmetic, so no zone or DST can skip or repeat a day). */
function previousDay(key: string): string {
  const [year = 1970, month = 1, day = 1] = key.split("-").map(Number);
  const date = new Date(Date.UTC(year, month - 1, day - 1));
  return dayKey({ year: date.getUTCFullYear(), month: date.getUTCMonth(), day: date.getUTCDate() });
}

/** "Today", "Yesterday", "Sat, Nov 21", or "Sat, Nov 21, 2025" in another year. */
export function dayLabel(fields: CalendarFields, now: CalendarFields): string {
  const key = dayKey(fields);
  const today = dayKey(now);
  if (key === today) return "Today";
  if (key === previousDay(today)) return "Yesterday";
  return formatDay(fields, fields.year !== now.year);
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
  fieldsOf: FieldsOf = localFields,
): DayGroup<T>[] {
  const now = fieldsOf(nowMs);
  const groups = new Map<string, DayGroup<T>>();
  const undated: T[] = [];
  for (const row of rows) {
    const ms = timeOf(row);
    if (ms === null) {
      undated.push(row);
      continue;
    }
    const fields = fieldsOf(ms);
    const key = dayKey(fields);
    const group = groups.get(key);
    if (group) group.rows.push(row);
    else groups.set(key, { key, label: dayLabel(fields, now), rows: [row] });
  }
  const list = [...groups.values()];
  if (undated.length > 0) list.push({ key: "unknown", label: "Date unknown", rows: undated });
  return list;
}
