"use client";

/**
 * The loaded item: header, then summary and media for a call or the message for an SMS, with
 * tags, linked records and earlier conversations with the contact aside.
 */
import dynamic from "next/dynamic";
import { isCall } from "@/lib/allo/item";
import type { PublicItem } from "@/lib/items/public-item";
import { itemTitle } from "@/lib/items/item-title";
import type { NotificationNotice } from "@/lib/items/notification-notice";
import type { LinkTemplates } from "@/lib/links";
import { usePhoneFormatter } from "@/components/ui/phone-book";
import { ItemHeader } from "./call-header";
import { HistorySection } from "./history-section";
import { LinkedCards } from "./linked-cards";
import { NotificationBanner } from "./notification-banner";
import { TagList } from "./tag-list";

// Split by kind: a call page does not download the SMS view, nor an SMS page the player and
// transcript. Both still render on the server, which preloads the chunk the page needs.
const CallBody = dynamic(() => import("./call-body").then((module) => module.CallBody));
const SmsMessage = dynamic(() =>
  import("@/components/sms-view/sms-message").then((module) => module.SmsMessage),
);

export function ItemDetails({
  id,
  item,
  linkTemplates,
  initialTimeSeconds,
  notice,
}: {
  id: string;
  item: PublicItem;
  linkTemplates: LinkTemplates;
  initialTimeSeconds: number | null;
  notice: NotificationNotice | null;
}) {
  const call = isCall(item);
  const formatNumber = usePhoneFormatter();
  return (
    <div className="space-y-3 sm:space-y-4">
      {notice ? <NotificationBanner notice={notice} /> : null}
      <ItemHeader item={item} />
      <div className="grid items-start gap-3 sm:gap-4 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="min-w-0 space-y-3 sm:space-y-4">
          {call ? (
            <CallBody id={id} item={item} initialTimeSeconds={initialTimeSeconds} notice={notice} />
          ) : (
            <SmsMessage item={item} counterpart={itemTitle(item, formatNumber)} />
          )}
        </div>
        <div className="min-w-0 space-y-3 sm:space-y-4">
          {call || (item.tags && item.tags.length > 0) ? (
            <TagList itemId={item.id} tags={item.tags ?? []} editable={call} />
          ) : null}
          <LinkedCards
            contacts={item.contacts}
            contactNumber={item.contact_number}
            templates={linkTemplates}
          />
          <HistorySection key={item.id} itemId={item.id} contactNumber={item.contact_number} call={call} />
        </div>
      </div>
    </div>
  );
}
