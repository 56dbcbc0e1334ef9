"use client";

/**
 * Gives client components the server-formatted phone numbers of the item (lib/format/phone-book),
 * so libphonenumber never ships to the browser.
 */
import { createContext, useCallback, useContext, type ReactNode } from "react";
import { lookUpPhone, type PhoneBook } from "@/lib/format/phone-book";

const PhoneBookContext = createContext<PhoneBook>({});

export function PhoneBookProvider({ book, children }: { book: PhoneBook; children: ReactNode }) {
  return <PhoneBookContext.Provider value={book}>{children}</PhoneBookContext.Provider>;
}

/** A stable formatter for code that formats several numbers (speaker labels, titles). */
export function usePhoneFormatter(): (raw: string) => string {
  const book = useContext(PhoneBookContext);
  return useCallback((raw: string) => lookUpPhone(book, raw).display, [book]);
}
