import type { ReactNode } from "react";
import { isCall, parseAlloTimestamp, type AlloItem } from "@/lib/allo/item";
import { itemTitle } from "@/lib/items/item-title";
import { callResultLabel, directionLabel, messageTypeLabel } from "@/lib/format/labels";
import { formatDuration } from "@/lib/format/time";
import { Badge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { ArrowsIcon, InboundIcon, OutboundIcon } from "@/components/ui/icons/direction-icons";
import { lookUpPhone, type PhoneBook } from "@/lib/format/phone-book";
import { PhoneNumber } from "@/components/ui/phone-number";
import { LocalDateTime, RelativeTime } from "@/components/ui/relative-time";

function Field({ label, children, wide = false }: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className={`min-w-0 ${wide ? "col-span-2 sm:col-span-1" : ""}`}>
      <dt className="text-xs text-zinc-600 dark:text-zinc-400">{label}</dt>
      <dd className="mt-0.5 break-words text-zinc-900 dark:text-zinc-100">{children}</dd>
    </div>
  );
}

/** Dial and copy, for when the heading already shows the number itself. */
function NumberActions({ raw, book }: { raw: string; book: PhoneBook }) {
  const { href } = lookUpPhone(book, raw);
  return (
    <span className="inline-flex items-center gap-0.5">
      {href ? (
        <a href={href} className="rounded-sm text-blue-700 underline underline-offset-2 dark:text-blue-300">
          Call this number
        </a>
      ) : null}
      <CopyButton value={raw} label="Copy the contact's number" />
    </span>
  );
}

/**
 * The top of the page: who, which way, what happened, when, how long, on which line and with
 * which teammate. Compact on phones so the summary stays above the fold.
 */
export function ItemHeader({ item, phoneBook }: { item: AlloItem; phoneBook: PhoneBook }) {
  const formatNumber = (raw: string) => lookUpPhone(phoneBook, raw).display;
  const call = isCall(item);
  const direction = directionLabel(item.direction);
  const DirectionIcon =
    direction.kind === "inbound" ? InboundIcon : direction.kind === "outbound" ? OutboundIcon : ArrowsIcon;
  const result = call && item.result ? callResultLabel(item.result) : null;
  const dateMs = parseAlloTimestamp(item.date);
  const primary = item.contacts.find((contact) => contact.name?.trim()) ?? item.contacts[0] ?? null;
  const company = primary?.company?.name ?? null;
  const otherContacts = item.contacts.length - 1;
  const titleIsNumber = !item.contacts.some((contact) => contact.name?.trim());
  const teammate = item.user ? (item.user.name ?? item.user.email ?? item.user.id) : null;

  return (
    <section
      aria-labelledby="item-title"
      className="rounded-lg border border-zinc-200 bg-white p-3 shadow-xs sm:p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex flex-wrap items-center gap-1.5">
        <Badge tone="neutral">
          <DirectionIcon className="size-3.5" />
          {direction.label} {call ? "call" : "message"}
        </Badge>
        {result ? (
          <Badge
            tone={result.tone}
            title={result.known ? undefined : `Result reported by Allo: ${item.result}`}
          >
            {result.label}
          </Badge>
        ) : null}
        {!call ? <Badge tone="grey">{messageTypeLabel(item.message_type)}</Badge> : null}
      </div>

      <h1
        id="item-title"
        dir="auto"
        className="mt-1.5 text-lg leading-snug font-semibold break-words sm:text-xl"
      >
        {itemTitle(item, formatNumber)}
      </h1>
      <div className="mt-0.5 flex flex-wrap items-center gap-x-3 gap-y-0.5 text-sm text-zinc-700 dark:text-zinc-300">
        {company ? (
          <span dir="auto" className="min-w-0 break-words">
            {company}
          </span>
        ) : null}
        {item.contact_number && titleIsNumber ? (
          <span className="inline-flex flex-wrap items-center gap-x-2">
            <span>{item.contacts.length === 0 ? "No matching contact" : "Contact has no name"}</span>
            <NumberActions raw={item.contact_number} book={phoneBook} />
          </span>
        ) : item.contact_number ? (
          <PhoneNumber raw={item.contact_number} book={phoneBook} copyLabel="Copy the contact's number" />
        ) : (
          <span className="text-zinc-600 dark:text-zinc-400">Number not shared</span>
        )}
        {otherContacts > 0 ? (
          <a
            href="#contacts"
            className="rounded-sm text-xs text-blue-700 underline underline-offset-2 dark:text-blue-300"
          >
            +{otherContacts} more {otherContacts === 1 ? "contact" : "contacts"} on this number
          </a>
        ) : null}
      </div>

      <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2 border-t border-zinc-100 pt-3 text-sm sm:grid-cols-3 lg:grid-cols-[minmax(0,1.6fr)_repeat(4,minmax(0,1fr))] dark:border-zinc-800">
        <Field label="When" wide>
          {dateMs !== null ? (
            <>
              <span className="block">
                <LocalDateTime iso={item.date} ms={dateMs} />
              </span>
              <span className="block text-xs text-zinc-600 dark:text-zinc-400">
                <RelativeTime ms={dateMs} />
              </span>
            </>
          ) : (
            <span dir="auto">{item.date}</span>
          )}
        </Field>
        {call ? (
          <Field label="Duration">
            {item.duration !== null ? (
              <span className="tabular-nums">{formatDuration(item.duration)}</span>
            ) : (
              "Unknown"
            )}
          </Field>
        ) : null}
        <Field label="Allo line">
          {item.allo_number ? (
            <span dir="ltr" className="whitespace-nowrap tabular-nums">
              {formatNumber(item.allo_number)}
            </span>
          ) : (
            "Unknown"
          )}
        </Field>
        <Field label="Teammate">
          {teammate ? (
            <span dir="auto">{teammate}</span>
          ) : (
            <span className="text-zinc-700 dark:text-zinc-300">
              {call ? "No teammate (handled by AI)" : "No teammate"}
            </span>
          )}
        </Field>
        <Field label={call ? "Call id" : "Message id"}>
          <span className="inline-flex max-w-full items-center gap-0.5">
            <code className="font-mono text-xs break-all">{item.id}</code>
            <CopyButton value={item.id} label={call ? "Copy the call id" : "Copy the message id"} />
          </span>
        </Field>
      </dl>
    </section>
  );
}
