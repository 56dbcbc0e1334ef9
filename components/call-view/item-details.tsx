"use client";

/**
 * The loaded item: header, then summary and media for a call or the message for an SMS, with
 * tags, linked records and earlier conversations with the contact aside.
 */
import { isCall } from "@/lib/allo/item";
import type { PublicItem } from "@/lib/items/public-item";
import type { NotificationNotice } from "@/lib/items/notification-notice";
import type { LinkTemplates } from "@/lib/links";
import { SmsMessage } from "@/components/sms-view/sms-message";
import { CallBody } from "./call-body";
import { ItemHeader } from "./call-header";
import { HistorySection } from "./history-section";
import { LinkedCards } from "./linked-cards";
import { NotificationBanner } from "./notification-banner";
import { TagList } from "./tag-list";

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
  return (
    <div className="space-y-3 sm:space-y-4">
      {notice ? <NotificationBanner notice={notice} /> : null}
      <ItemHeader item={item} />
      <div className="grid items-start gap-3 sm:gap-4 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="min-w-0 space-y-3 sm:space-y-4">
          {call ? (
            <CallBody id={id} item={item} initialTimeSeconds={initialTimeSeconds} notice={notice} />
          ) : (
            <SmsMessage item={item} />
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
