"use client";

/**
 * The loaded item: header, then summary and media for a call or the message for an SMS, with
 * tags, linked records and earlier conversations with the contact aside.
 */
import { isCall } from "@/lib/allo/item";
import type { PublicItem } from "@/lib/items/public-item";
import { itemTitle } from "@/lib/items/item-title";
import { NOTIFICATION_MOMENT_LABEL, type NotificationNotice } from "@/lib/items/notification-notice";
import type { LinkTemplates } from "@/lib/links";
import { SmsMessage } from "@/components/sms-view/sms-message";
import { usePhoneFormatter } from "@/components/ui/phone-book";
import { ItemHeader } from "./call-header";
import { CallMedia } from "./call-media";
import { CallPlaybackProvider } from "./call-playback";
import { HistorySection } from "./history-section";
import { LinkedCards } from "./linked-cards";
import { NotificationBanner } from "./notification-banner";
import { SummaryPanel } from "./summary-panel";
import { TagList } from "./tag-list";

export function ItemDetails({
  id,
  item,
  now,
  linkTemplates,
  initialTimeSeconds,
  notice,
}: {
  id: string;
  item: PublicItem;
  now: number;
  linkTemplates: LinkTemplates;
  initialTimeSeconds: number | null;
  notice: NotificationNotice | null;
}) {
  const call = isCall(item);
  const formatNumber = usePhoneFormatter();
  // A notification's moment (from the store) wins over `?t=`: the page marks it and starts a little before.
  const moment =
    notice?.momentSeconds != null
      ? { seconds: notice.momentSeconds, label: NOTIFICATION_MOMENT_LABEL }
      : null;
  return (
    <div className="space-y-3 sm:space-y-4">
      {notice ? <NotificationBanner notice={notice} /> : null}
      <ItemHeader item={item} now={now} />
      <div className="grid items-start gap-3 sm:gap-4 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="min-w-0 space-y-3 sm:space-y-4">
          {call ? (
            <>
              <CallPlaybackProvider
                key={item.id}
                item={item}
                initialTimeSeconds={initialTimeSeconds}
                moment={moment}
              >
                <SummaryPanel id={id} item={item} now={now} />
                <CallMedia item={item} />
              </CallPlaybackProvider>
            </>
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
