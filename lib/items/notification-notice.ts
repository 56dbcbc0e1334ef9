/**
 * Why the agent is on this page, when they came from a Callview notification (`?n=`). Built on
 * the server from the notification store only — never from the URL — so a crafted link can
 * never put words on the page.
 */
export type NotificationNotice = {
  destinationKind: "slack" | "webhook" | "preview";
  destinationLabel: string;
  /** When it was delivered (or created, if it was only previewed or is still on its way). */
  sentAtMs: number;
  /** From the fixed reason templates: "Missed call", "Said 'refund' at 1:03"… */
  reason: string;
  /** The moment the reason is about, in seconds from the call's start. */
  momentSeconds: number | null;
};

/** Playback starts this far before a notification's moment, so the agent hears it come up. */
export const MOMENT_PRE_ROLL_SECONDS = 3;

/** What the transcript calls the segment a notification was about (read by screen readers). */
export const NOTIFICATION_MOMENT_LABEL = "Why you were notified";

/** "Sent to Slack", "Sent to Webhook (hooks.example.com)", "Notification preview". */
export function noticeHeadline(
  notice: Pick<NotificationNotice, "destinationKind" | "destinationLabel">,
): string {
  return notice.destinationKind === "preview" ? "Notification preview" : `Sent to ${notice.destinationLabel}`;
}
