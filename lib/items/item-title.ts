/** The name a page shows for an item's counterpart; pure, shared by the server title and the header. */
import { isCall, type AlloItem } from "@/lib/allo/item";

/**
 * Who the item is with: the first matched contact, else the number. `formatNumber` comes from the
 * phone book in the browser and from lib/format/phone on the server.
 */
export function itemTitle(item: AlloItem, formatNumber: (raw: string) => string = (raw) => raw): string {
  const name = item.contacts.find((contact) => contact.name?.trim())?.name;
  if (name) return name;
  if (item.contact_number) return formatNumber(item.contact_number);
  return isCall(item) ? "Unknown caller" : "Unknown sender";
}
