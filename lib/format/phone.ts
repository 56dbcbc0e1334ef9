/**
 * Phone numbers for people: Allo sends E.164 (`+14155551234`); agents read `+1 415 555 1234`.
 * Anything libphonenumber cannot parse is shown exactly as received, never dropped.
 */
import { parsePhoneNumberFromString } from "libphonenumber-js";

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
  if (parsed) return parsed.getURI();
  const trimmed = raw.trim();
  const plus = trimmed.startsWith("+") ? "+" : "";
  const dialable = trimmed.replace(/[^0-9*#]/g, "");
  return dialable.length >= 3 ? `tel:${plus}${dialable}` : null;
}
