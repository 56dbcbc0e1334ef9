import { parseAlloTimestamp, type AlloItem } from "@/lib/allo/item";
import { directionLabel, messageStatusLabel, messageTypeLabel } from "@/lib/format/labels";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { FirstScreenEnd } from "@/components/ui/first-screen-end";
import { LocalDateTime } from "@/components/ui/relative-time";
import { lookUpPhone, type PhoneBook } from "@/lib/format/phone-book";
import { itemTitle } from "@/lib/items/item-title";

/**
 * One SMS/MMS as a chat bubble: received on the left, sent on the right, and labelled in words
 * so the side and colour are never the only cue. The text keeps its line breaks and its own
 * writing direction (Arabic, Hebrew, …).
 */
export function SmsMessage({ item, phoneBook }: { item: AlloItem; phoneBook: PhoneBook }) {
  const counterpart = itemTitle(item, (raw) => lookUpPhone(phoneBook, raw).display);
  const outbound = directionLabel(item.direction).kind === "outbound";
  const status = item.status ? messageStatusLabel(item.status) : null;
  const dateMs = parseAlloTimestamp(item.date);

  return (
    <Card title="Message" headingId="message-heading">
      <div className={`flex ${outbound ? "justify-end" : "justify-start"}`}>
        <figure
          className={`flex max-w-[88%] min-w-0 flex-col sm:max-w-[75%] ${outbound ? "items-end" : "items-start"}`}
        >
          <figcaption className="mb-1 flex flex-wrap items-center gap-x-1.5 text-xs text-zinc-600 dark:text-zinc-400">
            <span className="font-semibold text-zinc-800 dark:text-zinc-200">
              {outbound ? "Sent" : "Received"}
            </span>
            <span aria-hidden="true">·</span>
            <span dir="auto">
              {outbound ? "to" : "from"} {counterpart}
            </span>
            {dateMs !== null ? (
              <>
                <span aria-hidden="true">·</span>
                <LocalDateTime iso={item.date} ms={dateMs} />
              </>
            ) : null}
          </figcaption>
          {item.content !== null && item.content !== "" ? (
            <p
              dir="auto"
              className={`rounded-2xl px-3.5 py-2 text-[0.9375rem] leading-relaxed break-words whitespace-pre-wrap ${
                outbound
                  ? "rounded-br-md bg-blue-600 text-white dark:bg-blue-700"
                  : "rounded-bl-md bg-zinc-100 text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100"
              }`}
            >
              {item.content}
            </p>
          ) : (
            <p className="rounded-2xl border border-dashed border-zinc-300 px-3.5 py-2 text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
              This message has no text.
            </p>
          )}
          <dl className="mt-1.5 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
            <div className="flex items-center gap-1">
              <dt>Status</dt>
              <dd>{status ? <Badge tone={status.tone}>{status.label}</Badge> : "Unknown"}</dd>
            </div>
            <div className="flex items-center gap-1">
              <dt>Type</dt>
              <dd>
                <Badge tone="grey">{messageTypeLabel(item.message_type)}</Badge>
              </dd>
            </div>
          </dl>
        </figure>
      </div>
      <FirstScreenEnd />
    </Card>
  );
}
