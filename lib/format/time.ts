/** Time helpers for media positions and the `?t=` deep-link parameter. */

/** Longest position we accept from a link: 24 h, well beyond any call. */
const MAX_SECONDS = 24 * 60 * 60;

/**
 * Parses `?t=` values: `83`, `83.5`, `1m23s`, `1h2m3s`, `23s`, `1:23`, `1:02:03`.
 * Returns null for anything else, so a mangled link opens the page at the start.
 */
export function parseTimeParam(value: string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const text = value.trim().toLowerCase();
  if (text === "" || text.length > 16) return null;
  let seconds: number | null = null;
  if (/^\d+(\.\d+)?$/.test(text)) {
    seconds = Number(text);
  } else {
    const hms = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(text);
    if (hms && (hms[1] || hms[2] || hms[3])) {
      seconds = Number(hms[1] ?? 0) * 3600 + Number(hms[2] ?? 0) * 60 + Number(hms[3] ?? 0);
    } else {
      const clock = /^(?:(\d+):)?(\d{1,2}):(\d{2})$/.exec(text);
      if (clock) seconds = Number(clock[1] ?? 0) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
    }
  }
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0 || seconds > MAX_SECONDS) return null;
  return seconds;
}

/** `83` → `1m23s`, the form "copy link to this moment" writes. */
export function toTimeParam(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  return `${h ? `${h}h` : ""}${h || m ? `${m}m` : ""}${s}s`;
}

/** Clock display: `1:23`, `1:02:03` (hours only when needed or when `withHours`). */
export function formatClock(seconds: number, withHours = false): string {
  const whole = Number.isFinite(seconds) ? Math.max(0, Math.floor(seconds)) : 0;
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  const ss = String(s).padStart(2, "0");
  if (h > 0 || withHours) return `${h}:${String(m).padStart(2, "0")}:${ss}`;
  return `${m}:${ss}`;
}

/** Spoken-style duration for headers: `4 min 12 s`, `1 h 35 min`, `45 s`. */
export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  if (h > 0) return m ? `${h} h ${m} min` : `${h} h`;
  if (m > 0) return s ? `${m} min ${s} s` : `${m} min`;
  return `${s} s`;
}

function unit(count: number, singular: string): string {
  return `${count} ${singular}${count === 1 ? "" : "s"}`;
}

/**
 * Screen-reader wording for a position: `1 minute 23 seconds`, `4 minutes`, `1 hour 2 minutes`,
 * `0 seconds`. Used for slider `aria-valuetext`, where "1:23" would be read as a ratio or a time of day.
 */
export function formatSpokenDuration(seconds: number): string {
  const whole = Number.isFinite(seconds) ? Math.max(0, Math.floor(seconds)) : 0;
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  const parts: string[] = [];
  if (h) parts.push(unit(h, "hour"));
  if (m) parts.push(unit(m, "minute"));
  if (s || parts.length === 0) parts.push(unit(s, "second"));
  return parts.join(" ");
}

/**
 * The page URL with `t` set to `seconds`, for "Copy link to this moment". Other query
 * parameters stay (they may carry context such as a notification reference); the hash goes,
 * since it would point somewhere other than the moment.
 */
export function linkToMoment(href: string, seconds: number): string {
  const url = new URL(href);
  url.searchParams.set("t", toTimeParam(seconds));
  url.hash = "";
  return url.toString();
}
