/**
 * The loaded item, rendered on the server: header, then summary and media for a call or the
 * message for an SMS, with tags, linked records and earlier conversations with the contact
 * aside. Only the parts that change in the browser are client components (the call's summary
 * and media, editable tags, the history list, copy buttons and local times); the rest ships
 * no JavaScript and has nothing to hydrate.
 */
import { isCall } from "@/lib/allo/item";
import type { PhoneBook } from "@/lib/format/phone-book";
import { NOTIFICATION_MOMENT_LABEL, type NotificationNotice } from "@/lib/items/notification-notice";
import type { PublicItem } from "@/lib/items/public-item";
import type { LinkTemplates } from "@/lib/links";
import { SmsMessage } from "@/components/sms-view/sms-message";
import { CallBody } from "./call-body";
import { ShortcutsHelp } from "./shortcuts-help";
import { ItemHeader } from "./call-header";
import { EditableTagList } from "./editable-tag-list";
import { HistorySection } from "./history-section";
import { LinkedCards } from "./linked-cards";
import { NotificationBanner } from "./notification-banner";
import { TagList } from "./tag-list";

export function ItemDetails({
  id,
  item,
  phoneBook,
  linkTemplates,
  initialTimeSeconds,
  notice,
}: {
  id: string;
  item: PublicItem;
  /** The item's numbers, formatted on the server (keeps libphonenumber out of the bundle). */
  phoneBook: PhoneBook;
  linkTemplates: LinkTemplates;
  /** From `?t=`: where the player should start. */
  initialTimeSeconds: number | null;
  /** From `?n=`, looked up in the notification store: why the agent is here. */
  notice: NotificationNotice | null;
}) {
  const call = isCall(item);
  // A notification's moment (from the store) wins over `?t=`: the page marks it and starts a little before.
  const moment =
    notice?.momentSeconds != null
      ? { seconds: notice.momentSeconds, label: NOTIFICATION_MOMENT_LABEL }
      : null;
  return (
    <div className="space-y-3 sm:space-y-4">
      {notice ? <NotificationBanner notice={notice} /> : null}
      <ItemHeader item={item} phoneBook={phoneBook} />
      <div className="grid items-start gap-3 sm:gap-4 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="min-w-0 space-y-3 sm:space-y-4">
          {call ? (
            <CallBody
              id={id}
              phoneBook={phoneBook}
              initialTimeSeconds={initialTimeSeconds}
              moment={moment}
              shortcutsHelp={<ShortcutsHelp />}
            />
          ) : (
            <SmsMessage item={item} phoneBook={phoneBook} />
          )}
        </div>
        <div className="min-w-0 space-y-3 sm:space-y-4">
          {call ? (
            <EditableTagList itemId={id} />
          ) : item.tags && item.tags.length > 0 ? (
            <TagList tags={item.tags} />
          ) : null}
          <LinkedCards
            contacts={item.contacts}
            contactNumber={item.contact_number}
            phoneBook={phoneBook}
            templates={linkTemplates}
          />
          <HistorySection key={item.id} itemId={item.id} contactNumber={item.contact_number} call={call} />
        </div>
      </div>
    </div>
  );
}
