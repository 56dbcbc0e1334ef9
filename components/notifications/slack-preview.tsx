/**
 * A notification as Slack would show it: the bold headline, the lines of the message, and the
 * "Open in Callview" button. Only our own messages are rendered here, and only as text (React
 * escapes it): Slack's mrkdwn is reduced to what our messages use, `*bold*` and the three
 * escaped characters.
 */
import type { SlackMessage } from "@/lib/notifications/message.server";

function unescapeMrkdwn(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

function MrkdwnLine({ line }: { line: string }) {
  const bold = /^\*(.+)\*$/.exec(line);
  if (bold?.[1]) return <strong className="font-semibold">{unescapeMrkdwn(bold[1])}</strong>;
  return <>{unescapeMrkdwn(line)}</>;
}

export function SlackPreview({ message }: { message: SlackMessage }) {
  return (
    <figure className="rounded-md border border-zinc-200 bg-zinc-50 p-3 text-sm dark:border-zinc-700 dark:bg-zinc-950">
      <figcaption className="mb-1.5 text-xs text-zinc-600 dark:text-zinc-400">
        As Slack would show it
      </figcaption>
      <div className="flex gap-2.5">
        <span
          aria-hidden="true"
          className="mt-0.5 inline-flex size-8 shrink-0 items-center justify-center rounded-md bg-blue-700 text-xs font-bold text-white dark:bg-blue-500 dark:text-zinc-950"
        >
          CV
        </span>
        <div className="min-w-0 space-y-1.5">
          <p className="text-xs font-semibold text-zinc-900 dark:text-zinc-100">Callview</p>
          {message.blocks.map((block, index) =>
            block.type === "section" ? (
              <p
                key={index}
                dir="auto"
                className="break-words whitespace-pre-line text-zinc-800 dark:text-zinc-200"
              >
                {block.text.text.split("\n").map((line, lineIndex) => (
                  <span key={lineIndex} className="block">
                    <MrkdwnLine line={line} />
                  </span>
                ))}
              </p>
            ) : (
              <div key={index} className="flex flex-wrap gap-2 pt-1">
                {block.elements.map((button) => (
                  <a
                    key={button.action_id}
                    href={button.url}
                    className="inline-flex items-center rounded border border-green-700 bg-green-700 px-3 py-1 text-sm font-semibold text-white hover:bg-green-800"
                  >
                    {button.text.text}
                  </a>
                ))}
              </div>
            ),
          )}
        </div>
      </div>
    </figure>
  );
}
