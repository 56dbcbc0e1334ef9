"use client";

import {
  formatLocalDateTime,
  formatLocalDayClock,
  formatRelativeTime,
  formatUtcDateTime,
  formatUtcDayClock,
} from "@/lib/format/date";
import { useIsHydrated, useRenderedNow } from "./use-now";

/**
 * The item's date in the viewer's time zone. The server (which can't know that zone) renders
 * the UTC form; the browser swaps in local time after hydration. Callers give it a line of
 * its own, so the swap cannot move anything next to it.
 */
export function LocalDateTime({ iso, ms }: { iso: string; ms: number }) {
  const hydrated = useIsHydrated();
  return (
    <time dateTime={new Date(ms).toISOString()} title={iso} className="tabular-nums">
      {hydrated ? formatLocalDateTime(ms) : formatUtcDateTime(ms)}
    </time>
  );
}

/** "3 minutes ago", recomputed as the clock ticks. */
export function RelativeTime({ ms }: { ms: number }) {
  const now = useRenderedNow();
  return <span className="whitespace-nowrap">{formatRelativeTime(ms, now)}</span>;
}

/**
 * A clock time, with its day unless it is today: `14:05`, or `3 Nov, 14:05`, in the viewer's
 * zone once hydrated; the server renders it in UTC, with the zone named.
 */
export function LocalClockTime({ ms }: { ms: number }) {
  const hydrated = useIsHydrated();
  const now = useRenderedNow(60_000);
  return (
    <time dateTime={new Date(ms).toISOString()} className="tabular-nums">
      {hydrated ? formatLocalDayClock(ms, now) : formatUtcDayClock(ms)}
    </time>
  );
}
