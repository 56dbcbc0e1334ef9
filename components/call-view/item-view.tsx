"use client";

/** The item page body: the item once it is there, else why it is not (and its recovery), else a skeleton. */
import type { WireError } from "@/lib/api/errors";
import type { PhoneBook } from "@/lib/format/phone-book";
import type { NotificationNotice } from "@/lib/items/notification-notice";
import type { LinkTemplates } from "@/lib/links";
import { ItemErrorState } from "@/components/states/item-error-state";
import { ItemSkeleton } from "@/components/states/item-skeleton";
import { PhoneBookProvider } from "@/components/ui/phone-book";
import { ServerRenderTimeProvider } from "@/components/ui/use-now";
import { ItemDetails } from "./item-details";
import { useItemQuery } from "./use-item-query";

export type ItemViewProps = {
  id: string;
  /** What the server's lookup failed with, or null when the item was hydrated into the cache. */
  initialError: WireError | null;
  linkTemplates: LinkTemplates;
  /** From `?t=`: where the player should start. */
  initialTimeSeconds: number | null;
  /** From `?n=`, looked up in the notification store: why the agent is here. */
  notice: NotificationNotice | null;
  /** The server's clock when it rendered, so relative times hydrate without a mismatch. */
  renderedAt: number;
  /** The item's phone numbers, formatted on the server (keeps libphonenumber out of the bundle). */
  phoneBook: PhoneBook;
};

export function ItemView({ phoneBook, ...props }: ItemViewProps) {
  return (
    <PhoneBookProvider book={phoneBook}>
      <ServerRenderTimeProvider renderedAt={props.renderedAt}>
        <ItemViewBody {...props} />
      </ServerRenderTimeProvider>
    </PhoneBookProvider>
  );
}

function ItemViewBody({
  id,
  initialError,
  linkTemplates,
  initialTimeSeconds,
  notice,
  renderedAt,
}: Omit<ItemViewProps, "phoneBook">) {
  const { item, error, recovery, retryNow } = useItemQuery(id, initialError);

  if (item) {
    return (
      <ItemDetails
        id={id}
        item={item}
        linkTemplates={linkTemplates}
        initialTimeSeconds={initialTimeSeconds}
        notice={notice}
      />
    );
  }
  if (error) {
    return (
      <ItemErrorState
        error={error}
        itemId={id}
        status={recovery}
        renderedAt={renderedAt}
        onRetry={retryNow}
      />
    );
  }
  return <ItemSkeleton />;
}
