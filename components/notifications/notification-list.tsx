/**
 * Recent notifications for operators: when, which event and rule, why, where to, and what
 * became of it (delivered; retrying, with the next attempt; failed, with the last error), with
 * the link the agent got. Preview notifications show the message as Slack would render it.
 */
import type { Tone } from "@/lib/format/labels";
import type { NotificationListEntry } from "@/lib/notifications/store/notification-store";
import { Badge } from "@/components/ui/badge";
import { LocalDateTime } from "@/components/ui/relative-time";
import { SlackPreview } from "./slack-preview";

const STATUS: Record<NotificationListEntry["status"], { label: string; tone: Tone }> = {
  pending: { label: "Queued", tone: "blue" },
  retrying: { label: "Retrying", tone: "amber" },
  delivered: { label: "Delivered", tone: "green" },
  previewed: { label: "Preview only", tone: "grey" },
  failed: { label: "Failed", tone: "red" },
};

/** The link as the page can follow it: same-origin links become paths (the public URL may differ). */
function localHref(link: string): string {
  try {
    const url = new URL(link, "http://callview.invalid");
    return `${url.pathname}${url.search}`;
  } catch {
    return "/";
  }
}

function StatusLine({ entry }: { entry: NotificationListEntry }) {
  switch (entry.status) {
    case "delivered":
      return entry.deliveredAtMs !== null ? (
        <>
          Delivered{" "}
          <LocalDateTime ms={entry.deliveredAtMs} iso={new Date(entry.deliveredAtMs).toISOString()} />
        </>
      ) : (
        <>Delivered</>
      );
    case "retrying":
      return (
        <>
          Attempt {entry.attempts} failed{entry.lastError ? ` (${entry.lastError})` : ""}; next attempt{" "}
          {entry.nextAttemptAtMs !== null ? (
            <LocalDateTime ms={entry.nextAttemptAtMs} iso={new Date(entry.nextAttemptAtMs).toISOString()} />
          ) : (
            "soon"
          )}
        </>
      );
    case "failed":
      return (
        <>
          Gave up after {entry.attempts} attempts{entry.lastError ? `: ${entry.lastError}` : ""}
        </>
      );
    case "previewed":
      return <>Not sent anywhere: no Slack or webhook destination is configured.</>;
    default:
      return <>Waiting for its first attempt</>;
  }
}

export function NotificationList({ entries }: { entries: NotificationListEntry[] }) {
  if (entries.length === 0) {
    return (
      <p className="rounded-lg border border-dashed border-zinc-300 p-4 text-sm text-zinc-700 dark:border-zinc-700 dark:text-zinc-300">
        No notifications yet. They appear here as soon as an Allo webhook matches a rule.
      </p>
    );
  }
  return (
    <ol className="space-y-3" aria-label="Recent notifications, newest first">
      {entries.map((entry) => {
        const status = STATUS[entry.status];
        return (
          <li
            key={entry.id}
            data-testid="notification"
            data-status={entry.status}
            className="rounded-lg border border-zinc-200 bg-white p-3 shadow-xs sm:p-4 dark:border-zinc-800 dark:bg-zinc-900"
          >
            <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
              <Badge tone={status.tone}>{status.label}</Badge>
              <h3 className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">{entry.reason.text}</h3>
              <span className="text-xs text-zinc-600 dark:text-zinc-400">
                <LocalDateTime ms={entry.createdAtMs} iso={new Date(entry.createdAtMs).toISOString()} />
              </span>
            </div>
            <dl className="mt-2 grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1 text-xs text-zinc-700 sm:text-sm dark:text-zinc-300">
              <dt className="text-zinc-600 dark:text-zinc-400">Destination</dt>
              <dd className="break-words">{entry.destinationLabel}</dd>
              <dt className="text-zinc-600 dark:text-zinc-400">Event</dt>
              <dd className="break-words">
                <code className="font-mono">{entry.topic}</code> · rule{" "}
                <code className="font-mono">{entry.ruleId}</code>
              </dd>
              <dt className="text-zinc-600 dark:text-zinc-400">Status</dt>
              <dd className="break-words">
                <StatusLine entry={entry} />
              </dd>
              <dt className="text-zinc-600 dark:text-zinc-400">Link</dt>
              <dd className="min-w-0">
                <a
                  href={localHref(entry.link)}
                  className="font-mono break-all text-blue-700 underline underline-offset-2 dark:text-blue-300"
                >
                  {entry.link}
                </a>
              </dd>
            </dl>
            {entry.preview ? (
              <div className="mt-3">
                <SlackPreview message={entry.preview} />
              </div>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
