/**
 * Display forms of an item's phone numbers, computed on the server (lib/format/phone.ts, with
 * libphonenumber) and handed to the browser as plain data. libphonenumber's metadata is ~60 KB
 * compressed; an item has two numbers, so the browser gets their formatted forms instead.
 */
export type PhoneEntry = { display: string; href: string | null };
export type PhoneBook = Readonly<Record<string, PhoneEntry>>;

/**
 * A `tel:` URI from the dialable characters only (digits, a leading +, * and #), so odd text can
 * never become another kind of link. Used when a number is not in the phone book.
 */
export function dialableHref(raw: string): string | null {
  const trimmed = raw.trim();
  const plus = trimmed.startsWith("+") ? "+" : "";
  const dialable = trimmed.replace(/[^0-9*#]/g, "");
  return dialable.length >= 3 ? `tel:${plus}${dialable}` : null;
}

/** The book's entry, or the number as received (never dropped) with a safe tel: link. */
export function lookUpPhone(book: PhoneBook, raw: string): PhoneEntry {
  return book[raw] ?? { display: raw.trim() || raw, href: dialableHref(raw) };
}
