"use client";

/**
 * The item page body. Data arrives hydrated from the server render (no fetch on first load);
 * when the server could not get the item, the error it got is shown at once and, for
 * transient failures, the browser retries by itself with backoff until Allo answers.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { errorFromWire, type WireError } from "@/lib/allo/errors";
import { isCall, type AlloItem } from "@/lib/allo/item";
import { itemQueryKey, itemQueryOptions } from "@/lib/items/item-query";
import { autoRetryDelayMs } from "@/lib/items/retry-policy";
import type { LinkTemplates } from "@/lib/links";
import { ItemErrorState, type RecoveryStatus } from "@/components/states/item-error-state";
import { ItemSkeleton } from "@/components/states/item-skeleton";
import { useNow } from "@/components/ui/use-now";
import { SmsMessage } from "@/components/sms-view/sms-message";
import { PhoneBookProvider, usePhoneFormatter } from "@/components/ui/phone-book";
import type { PhoneBook } from "@/lib/format/phone-book";
import { itemTitle } from "@/lib/items/item-title";
import { ItemHeader } from "./call-header";
import { CallMedia } from "./call-media-slot";
import { LinkedCards } from "./linked-cards";
import { SummaryPanel } from "./summary-panel";
import { TagList } from "./tag-list";

export type ItemViewProps = {
  id: string;
  /** What the server's lookup failed with, or null when the item was hydrated into the cache. */
  initialError: WireError | null;
  linkTemplates: LinkTemplates;
  /** From `?t=`: where the player should start. */
  initialTimeSeconds: number | null;
  /** The server's clock when it rendered, so relative times hydrate without a mismatch. */
  renderedAt: number;
  /** The item's phone numbers, formatted on the server (keeps libphonenumber out of the bundle). */
  phoneBook: PhoneBook;
};

/** When the next automatic retry starts; written by React Query's retry callback, read by the panel. */
function createRetrySchedule() {
  let retryAt: number | null = null;
  const listeners = new Set<() => void>();
  return {
    get: () => retryAt,
    set(value: number | null) {
      retryAt = value;
      for (const notify of listeners) notify();
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

export function ItemView(props: ItemViewProps) {
  return (
    <PhoneBookProvider book={props.phoneBook}>
      <ItemViewBody {...props} />
    </PhoneBookProvider>
  );
}

function ItemViewBody({ id, initialError, linkTemplates, initialTimeSeconds, renderedAt }: ItemViewProps) {
  const serverError = useMemo(() => (initialError ? errorFromWire(initialError, 502) : null), [initialError]);
  // The server's failed attempt counts as the first, so backoff continues from there.
  const attemptOffset = serverError ? 1 : 0;
  const queryClient = useQueryClient();
  const [schedule] = useState(createRetrySchedule);
  const retryAt = useSyncExternalStore(schedule.subscribe, schedule.get, () => null);
  // After a server-side failure the browser waits (countdown) before its first own attempt.
  const [clientEnabled, setClientEnabled] = useState(serverError === null);

  const query = useQuery({
    ...itemQueryOptions(id),
    enabled: clientEnabled,
    retry: (failureCount, error) => {
      const delay = autoRetryDelayMs(error, failureCount + attemptOffset);
      schedule.set(delay === null ? null : Date.now() + delay);
      return delay !== null;
    },
    retryDelay: (failureCount, error) => autoRetryDelayMs(error, failureCount + attemptOffset) ?? 0,
  });

  useEffect(() => {
    if (clientEnabled || serverError === null) return;
    const delay = autoRetryDelayMs(serverError, 0);
    if (delay === null) return;
    schedule.set(Date.now() + delay);
    const timer = setTimeout(() => setClientEnabled(true), delay);
    return () => clearTimeout(timer);
  }, [clientEnabled, serverError, schedule]);

  const now = useNow(renderedAt);

  if (query.data) {
    return (
      <ItemDetails
        id={id}
        item={query.data}
        now={now}
        linkTemplates={linkTemplates}
        initialTimeSeconds={initialTimeSeconds}
      />
    );
  }

  const error: unknown = query.error ?? query.failureReason ?? serverError;
  if (error) {
    const fetching = query.fetchStatus === "fetching";
    const canAutoRetry = autoRetryDelayMs(error, 0) !== null;
    const status: RecoveryStatus = {
      fetching,
      retryAt,
      auto: !canAutoRetry
        ? "none"
        : fetching || (!clientEnabled && serverError !== null)
          ? "scheduled"
          : "stopped",
    };
    return (
      <ItemErrorState
        error={error}
        itemId={id}
        status={status}
        renderedAt={renderedAt}
        onRetry={() => {
          schedule.set(null);
          if (!clientEnabled) {
            setClientEnabled(true);
            return;
          }
          // A retry waiting out its backoff would otherwise keep waiting: cancel it, start afresh.
          void queryClient.cancelQueries({ queryKey: itemQueryKey(id) }).then(() => query.refetch());
        }}
      />
    );
  }

  return <ItemSkeleton />;
}

function ItemDetails({
  id,
  item,
  now,
  linkTemplates,
  initialTimeSeconds,
}: {
  id: string;
  item: AlloItem;
  now: number;
  linkTemplates: LinkTemplates;
  initialTimeSeconds: number | null;
}) {
  const call = isCall(item);
  const formatNumber = usePhoneFormatter();
  return (
    <div className="space-y-3 sm:space-y-4">
      <ItemHeader item={item} now={now} />
      <div className="grid items-start gap-3 sm:gap-4 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="min-w-0 space-y-3 sm:space-y-4">
          {call ? (
            <>
              <SummaryPanel id={id} item={item} now={now} />
              <CallMedia item={item} initialTimeSeconds={initialTimeSeconds} />
            </>
          ) : (
            <SmsMessage item={item} counterpart={itemTitle(item, formatNumber)} />
          )}
        </div>
        <div className="min-w-0 space-y-3 sm:space-y-4">
          {call || (item.tags && item.tags.length > 0) ? <TagList tags={item.tags ?? []} /> : null}
          <LinkedCards
            contacts={item.contacts}
            contactNumber={item.contact_number}
            templates={linkTemplates}
          />
        </div>
      </div>
    </div>
  );
}
