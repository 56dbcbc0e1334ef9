import { describe, expect, it } from "vitest";
import { buildPhoneBook, formatPhoneNumber, itemPhoneBook, telHref } from "@/lib/format/phone.server";
import { lookUpPhone } from "@/lib/format/phone-book";

describe("formatPhoneNumber", () => {
  it("formats E.164 numbers in international form", () => {
    expect(formatPhoneNumber("+14155551234")).toBe("+1 415 555 1234");
    expect(formatPhoneNumber("+442071838750")).toBe("+44 20 7183 8750");
    expect(formatPhoneNumber("+33612345678")).toBe("+33 6 12 34 56 78");
    expect(formatPhoneNumber("+971501234567")).toBe("+971 50 123 4567");
  });

  it("falls back to the raw text when the number cannot be parsed", () => {
    expect(formatPhoneNumber("12345")).toBe("12345");
    expect(formatPhoneNumber("  anonymous ")).toBe("anonymous");
    expect(formatPhoneNumber("")).toBe("");
  });
});

describe("telHref", () => {
  it("dials the E.164 form of parseable numbers", () => {
    expect(telHref("+1 (415) 555-1234")).toBe("tel:+14155551234");
  });

  it("keeps only dialable characters of anything else", () => {
    expect(telHref("12345")).toBe("tel:12345");
    expect(telHref("javascript:alert(1)")).toBe(null);
    expect(telHref("<b>911</b>")).toBe("tel:911");
  });
});

describe("phone book (server-formatted numbers for the browser)", () => {
  it("formats each number once and falls back to the raw number with a safe tel: link", () => {
    const book = buildPhoneBook(["+14155551234", null, "+14155551234", "+442071838750"]);
    expect(Object.keys(book)).toEqual(["+14155551234", "+442071838750"]);
    expect(lookUpPhone(book, "+14155551234")).toEqual({
      display: "+1 415 555 1234",
      href: "tel:+14155551234",
    });
    expect(lookUpPhone(book, "+33 6 12 34 56 78")).toEqual({
      display: "+33 6 12 34 56 78",
      href: "tel:+33612345678",
    });
    expect(lookUpPhone(book, "javascript:alert(1)").href).toBeNull();
    expect(lookUpPhone(book, "javascript:alert(123)").href).toBe("tel:123");
  });
});

describe("itemPhoneBook", () => {
  it("formats an item's numbers once per item object", () => {
    const item = { contact_number: "+33612345678", allo_number: "+14155550100" };
    const book = itemPhoneBook(item);
    expect(Object.keys(book)).toEqual(["+33612345678", "+14155550100"]);
    expect(itemPhoneBook(item)).toBe(book);
    // A new version of the item (a new object) gets its own.
    expect(itemPhoneBook({ ...item })).not.toBe(book);
  });
});
