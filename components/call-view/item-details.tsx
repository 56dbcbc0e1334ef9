"use client";

/** The loaded item: header, then summary and media for a call or the message for an SMS, with tags and linked records aside. */
import { isCall, type AlloItem } from "@/lib/allo/item";
import { itemTitle } from "@/lib/items/item-title";
import type { LinkTemplates } from "@/lib/links";
import { SmsMessage } from "@/components/sms-view/sms-message";
import { usePhoneFormatter } from "@/components/ui/phone-book";
import { ItemHeader } from "./call-header";
import { CallMedia } from "./call-media";
import { LinkedCards } from "./linked-cards";
import { SummaryPanel } from "./summary-panel";
import { TagList } from "./tag-list";

export function ItemDetails({
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
