/**
 * Phone numbers for people: Allo sends E.164 (`+14155551234`); agents read `+1 415 555 1234`.
 * Anything libphonenumber cannot parse is shown exactly as received, never dropped.
 */
import "server-only";
import { parsePhoneNumberFromString } from "libphonenumber-js";
import { dialableHref, type PhoneBook } from "./phone-book";

/** `+14155551234` → `+1 415 555 1234`; unparseable input comes back trimmed but unchanged. */
export function formatPhoneNumber(raw: string): string {
  const trimmed = raw.trim();
  if (trimmed === "") return raw;
  const parsed = parsePhoneNumberFromString(trimmed);
  return parsed ? parsed.formatInternational() : trimmed;
}

/**
 * A `tel:` URI that dials the number. Unparseable input keeps only what a dialler accepts
 * (digits, a leading +, * and #), so odd text can never become another kind of link.
 */
export function telHref(raw: string): string | null {
  const parsed = parsePhoneNumberFromString(raw.trim());
  return parsed ? parsed.getURI() : dialableHref(raw);
}

/** Server-side: the display form and tel: link of each number, for the browser (see ./phone-book). */
/** One phone book per item object: the item cache hands every request the same object. */
const itemPhoneBooks = new WeakMap<object, PhoneBook>();

/** The phone book of an item's two numbers, formatted once per item version, not per request. */
export function itemPhoneBook(item: {
  contact_number: string | null;
  allo_number: string | null;
}): PhoneBook {
  let book = itemPhoneBooks.get(item);
  if (!book) {
    book = buildPhoneBook([item.contact_number, item.allo_number]);
    itemPhoneBooks.set(item, book);
  }
  return book;
}

export function buildPhoneBook(numbers: readonly (string | null | undefined)[]): PhoneBook {
  const book: Record<string, { display: string; href: string | null }> = {};
  for (const raw of numbers) {
    if (raw && !(raw in book)) book[raw] = { display: formatPhoneNumber(raw), href: telHref(raw) };
  }
  return book;
}
