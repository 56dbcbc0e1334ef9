/**
 * The small line that says why the agent is here: "Sent to Slack at 14:05 · Missed call". The
 * time is the viewer's local time once hydrated (the server, which cannot know their zone,
 * renders UTC with the zone named).
 */
import { noticeHeadline, type NotificationNotice } from "@/lib/items/notification-notice";
import { InfoIcon } from "@/components/ui/icons/status-icons";
import { LocalClockTime } from "@/components/ui/relative-time";

export function NotificationBanner({ notice }: { notice: NotificationNotice }) {
  return (
    <section
      aria-label="Why you are seeing this call"
      className="flex items-start gap-2 rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950/50 dark:text-amber-50"
    >
      <InfoIcon className="mt-0.5 size-4" />
      <p className="min-w-0">
        {noticeHeadline(notice)} at <LocalClockTime ms={notice.sentAtMs} /> ·{" "}
        <strong className="font-semibold">{notice.reason}</strong>
      </p>
    </section>
  );
}
