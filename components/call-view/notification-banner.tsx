"use client";

/**
 * The small line that says why the agent is here: "Sent to Slack at 14:05 · Missed call". The
 * time is the viewer's local time once hydrated (the server, which cannot know their zone,
 * renders UTC with the zone named).
 */
import { noticeHeadline, type NotificationNotice } from "@/lib/items/notification-notice";
import { InfoIcon } from "@/components/ui/icons";
import { useIsHydrated } from "@/components/ui/use-now";
import { dateTimeFormat, formatUtcDayClock } from "@/lib/format/date";

function clockTime(ms: number, local: boolean): string {
  if (!local) return formatUtcDayClock(ms);
  const sameDay = new Date(ms).toDateString() === new Date().toDateString();
  return dateTimeFormat(undefined, {
    hour: "2-digit",
    minute: "2-digit",
    ...(sameDay ? {} : { day: "numeric", month: "short" }),
  }).format(ms);
}

export function NotificationBanner({ notice }: { notice: NotificationNotice }) {
  const hydrated = useIsHydrated();
  return (
    <section
      aria-label="Why you are seeing this call"
      className="flex items-start gap-2 rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950/50 dark:text-amber-50"
    >
      <InfoIcon className="mt-0.5 size-4" />
      <p className="min-w-0">
        {noticeHeadline(notice)} at{" "}
        <time dateTime={new Date(notice.sentAtMs).toISOString()} className="tabular-nums">
          {clockTime(notice.sentAtMs, hydrated)}
        </time>{" "}
        · <strong className="font-semibold">{notice.reason}</strong>
      </p>
    </section>
  );
}
