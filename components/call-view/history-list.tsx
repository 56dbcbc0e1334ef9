"use client";

/**
 * Earlier calls and messages with this contact, newest first, grouped by day in the viewer's
 * time zone: time, a call or SMS icon with the direction, the result (missed and voicemail
 * stand out), the duration, one line of summary or message, the teammate, and a link to the
 * item's page. "Show more" loads the next page. A failure stays inside this card, with its own
 * Retry; the rest of the page is untouched.
 *
 * Only ever rendered in the browser, once the page has settled (./history-panel loads this
 * module then), so the dates, grouped in the viewer's time zone, are always computed here.
 */
import { useInfiniteQuery } from "@tanstack/react-query";
import { useDeferredValue, useEffect, useMemo, useRef } from "react";
import { parseAlloTimestamp } from "@/lib/allo/item";
import { CallviewError } from "@/lib/api/errors";
import { formatTimeOfDay, localFields } from "@/lib/format/date";
import { groupByDay } from "@/lib/format/day-groups";
import { callResultLabel, directionLabel } from "@/lib/format/labels";
import { formatDuration } from "@/lib/format/time";
import { historyQueryOptions } from "@/lib/items/history-query";
import type { HistoryRow } from "@/lib/items/history-row";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button-styles";
import { MessageIcon, PhoneIcon } from "@/components/ui/icons/conversation-icons";
import { useNow } from "@/components/ui/use-now";
import { HistoryCard, HistoryLoading } from "./history-card";

/** Results an agent must not overlook in a list: nobody answered, or someone left a message. */
const HIGHLIGHTED_RESULTS = new Set(["MISSED", "VOICEMAIL"]);

function errorText(error: unknown): { message: string; requestId: string | null } {
  if (error instanceof CallviewError) return { message: error.message, requestId: error.requestId };
  return { message: "The dashboard could not be reached.", requestId: null };
}

export default function HistoryList({ itemId }: { itemId: string }) {
  const query = useInfiniteQuery(historyQueryOptions(itemId));
  // Rows only ever exist in the browser, after hydration, so the server snapshot (0) is never
  // used for a label.
  const now = useNow(0, 60_000);
  const list = useRef<HTMLDivElement>(null);
  const showMore = useRef<HTMLButtonElement>(null);
  /** Where the newly loaded rows start, when "Show more" had focus (focus moves to the first new row). */
  const focusFrom = useRef<number | null>(null);

  // Rows render in a transition, in slices of work, rather than in the task that received them:
  // they arrive while a phone is still busy with the page's first moments.
  const data = useDeferredValue(query.data);
  const rows = useMemo(() => {
    // A row can move from one page to the next when a new item arrives between two pages.
    const seen = new Set<string>();
    return (data?.pages ?? [])
      .flatMap((page) => page.rows)
      .filter((row) => !seen.has(row.id) && Boolean(seen.add(row.id)));
  }, [data]);

  useEffect(() => {
    const from = focusFrom.current;
    if (from === null || rows.length <= from) return;
    focusFrom.current = null;
    list.current?.querySelectorAll<HTMLAnchorElement>("a[data-history-row]")[from]?.focus();
  }, [rows.length]);

  if (data === undefined && !query.isError) return <HistoryLoading />;

  if (query.isError && rows.length === 0) {
    const { message, requestId } = errorText(query.error);
    return (
      <HistoryCard>
        <div role="status" className="text-sm text-zinc-700 dark:text-zinc-300">
          <p className="font-medium text-zinc-900 dark:text-zinc-100">
            Couldn&apos;t load earlier conversations.
          </p>
          <p className="mt-1">{message}</p>
          {requestId ? (
            <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
              Request id <code className="font-mono">{requestId}</code>
            </p>
          ) : null}
        </div>
        <button
          type="button"
          aria-disabled={query.isFetching || undefined}
          onClick={() => {
            if (!query.isFetching) void query.refetch();
          }}
          className={`mt-2 ${buttonClass("secondary", "compact")}`}
        >
          {query.isFetching ? "Retrying…" : "Retry"}
        </button>
      </HistoryCard>
    );
  }

  if (rows.length === 0 && !query.hasNextPage) {
    return (
      <HistoryCard>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          No other calls or messages with this number.
        </p>
      </HistoryCard>
    );
  }

  const groups = groupByDay(rows, (row) => parseAlloTimestamp(row.date), now);
  const nextPageError = query.isFetchNextPageError ? errorText(query.error) : null;

  return (
    <HistoryCard>
      <div ref={list} aria-busy={query.isFetchingNextPage || undefined} className="space-y-3">
        {groups.map((group) => (
          <div key={group.key}>
            <h3 className="text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400">
              {group.label}
            </h3>
            <ul className="mt-1 divide-y divide-zinc-100 dark:divide-zinc-800">
              {group.rows.map((row) => (
                <li key={row.id}>
                  <HistoryRowLink row={row} />
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
      {nextPageError ? (
        <p role="status" className="mt-2 text-sm text-red-700 dark:text-red-300">
          Couldn&apos;t load more: {nextPageError.message}
        </p>
      ) : null}
      {query.hasNextPage ? (
        <button
          ref={showMore}
          type="button"
          aria-disabled={query.isFetchingNextPage || undefined}
          onClick={() => {
            if (query.isFetchingNextPage) return;
            focusFrom.current = document.activeElement === showMore.current ? rows.length : null;
            void query.fetchNextPage();
          }}
          className={`mt-3 w-full ${buttonClass("secondary", "compact")}`}
        >
          {query.isFetchingNextPage ? "Loading…" : nextPageError ? "Try again" : "Show more"}
        </button>
      ) : null}
    </HistoryCard>
  );
}

function HistoryRowLink({ row }: { row: HistoryRow }) {
  const call = row.kind === "call";
  const direction = directionLabel(row.direction);
  const KindIcon = call ? PhoneIcon : MessageIcon;
  const result = call && row.result ? callResultLabel(row.result) : null;
  const highlighted = row.result !== null && HIGHLIGHTED_RESULTS.has(row.result.toUpperCase());
  const ms = parseAlloTimestamp(row.date);
  const hasDuration = call && row.duration !== null && row.duration > 0;
  return (
    <a
      href={row.href}
      data-history-row=""
      data-testid="history-row"
      className="-mx-1.5 block rounded-md px-1.5 py-2 hover:bg-zinc-50 dark:hover:bg-zinc-800/60"
    >
      <span className="flex flex-wrap items-center gap-x-2 gap-y-0.5 text-sm">
        {ms !== null ? (
          <time
            dateTime={new Date(ms).toISOString()}
            className="text-zinc-600 tabular-nums dark:text-zinc-400"
          >
            {formatTimeOfDay(localFields(ms))}
          </time>
        ) : null}
        <span className="inline-flex items-center gap-1 font-medium text-zinc-900 dark:text-zinc-100">
          <KindIcon className="size-3.5" />
          {direction.label} {call ? "call" : "SMS"}
        </span>
        {result ? (
          highlighted ? (
            <Badge tone={result.tone}>{result.label}</Badge>
          ) : (
            <span className="text-zinc-600 dark:text-zinc-400">{result.label}</span>
          )
        ) : null}
      </span>
      {row.text ? (
        <span dir="auto" className="mt-0.5 block truncate text-sm text-zinc-800 dark:text-zinc-200">
          {row.text}
        </span>
      ) : null}
      {row.teammate || hasDuration ? (
        <span className="mt-0.5 flex items-baseline justify-between gap-2 text-xs text-zinc-600 dark:text-zinc-400">
          <span dir="auto" className="min-w-0 truncate">
            {row.teammate ?? ""}
          </span>
          {hasDuration ? (
            <span className="shrink-0 tabular-nums">{formatDuration(row.duration ?? 0)}</span>
          ) : null}
        </span>
      ) : null}
    </a>
  );
}
