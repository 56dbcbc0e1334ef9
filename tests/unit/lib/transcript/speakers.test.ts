import { describe, expect, it } from "vitest";
import { formatPhoneNumber } from "@/lib/format/phone.server";
import { badgeFor, contactLabel, speakerForSource } from "@/lib/transcript/speakers";

const maria = { id: "cnt-maria", name: "Maria Gonzalez", company: null, deals: [] };
const context = {
  user: { id: "usr-alex", name: "Alex Martin", email: null },
  contacts: [maria, { id: "cnt-noah", name: "Noah Brown", company: null, deals: [] }],
  contact_number: "+14155551234",
  formatNumber: formatPhoneNumber,
};

describe("speakerForSource", () => {
  it("maps USER to the teammate by name", () => {
    expect(speakerForSource("USER", context)).toEqual({
      key: "USER",
      kind: "teammate",
      label: "Alex Martin",
      badge: "A",
    });
  });

  it("maps EXTERNAL to the first contact", () => {
    expect(speakerForSource("EXTERNAL", context)).toMatchObject({
      key: "EXTERNAL",
      kind: "contact",
      label: "Maria Gonzalez",
      badge: "M",
    });
  });

  it("maps AGENT to the AI agent", () => {
    expect(speakerForSource("AGENT", context)).toMatchObject({
      key: "AGENT",
      kind: "agent",
      label: "AI agent",
    });
  });

  it("matches known sources regardless of case", () => {
    expect(speakerForSource("user", context).kind).toBe("teammate");
    expect(speakerForSource(" External ", context).kind).toBe("contact");
  });

  it("falls back to 'Teammate' without a user or with a blank name", () => {
    expect(speakerForSource("USER", { ...context, user: null }).label).toBe("Teammate");
    expect(speakerForSource("USER", { ...context, user: { id: "u", name: "  ", email: null } }).label).toBe(
      "Teammate",
    );
  });

  it("falls back to the formatted number, then 'Caller', without contacts", () => {
    expect(speakerForSource("EXTERNAL", { ...context, contacts: [] }).label).toBe("+1 415 555 1234");
    expect(speakerForSource("EXTERNAL", { ...context, contacts: [], contact_number: null }).label).toBe(
      "Caller",
    );
  });

  it("uses the number when the first contact has no name", () => {
    expect(contactLabel({ ...context, contacts: [{ ...maria, name: null }] })).toBe("+1 415 555 1234");
  });

  it("shows the number as received when no formatter is given", () => {
    expect(contactLabel({ ...context, contacts: [], formatNumber: undefined })).toBe("+14155551234");
  });

  it("keeps an unparseable number as given", () => {
    expect(contactLabel({ ...context, contacts: [], contact_number: "anonymous" })).toBe("anonymous");
  });

  it("shows unknown sources as given, each as its own speaker", () => {
    const ivr = speakerForSource("IVR", context);
    const bot = speakerForSource("BOT", context);
    expect(ivr).toMatchObject({ kind: "other", label: "IVR", key: "other:IVR" });
    expect(bot.key).not.toBe(ivr.key);
  });
});

describe("badgeFor", () => {
  it("takes the first letter or digit, skipping markup and punctuation", () => {
    expect(badgeFor("<img src=x>Eve")).toBe("I");
    expect(badgeFor("zoë")).toBe("Z");
    expect(badgeFor("محمد الأحمد")).toBe("م");
    // A number is not a name: its first digit would read like a count.
    expect(badgeFor("+1 415 555 1234")).toBe("#");
    expect(badgeFor("R2-D2")).toBe("R");
    expect(badgeFor("—")).toBe("?");
  });
});
