import { describe, expect, it } from "vitest";
import {
  callResultLabel,
  dealStatusTone,
  directionLabel,
  humanizeEnum,
  messageStatusLabel,
  messageTypeLabel,
} from "@/lib/format/labels";
import { resultHasNoConversation } from "@/lib/allo/item";

describe("humanizeEnum", () => {
  it("turns SCREAMING_SNAKE into a sentence and keeps acronyms", () => {
    expect(humanizeEnum("HANDLED_BY_AI")).toBe("Handled by AI");
    expect(humanizeEnum("FORWARDED_TO_MOBILE")).toBe("Forwarded to mobile");
    expect(humanizeEnum("ivr")).toBe("IVR");
  });

  it("leaves blank input alone", () => {
    expect(humanizeEnum("   ")).toBe("   ");
  });
});

describe("callResultLabel", () => {
  it("names the documented results", () => {
    expect(callResultLabel("ANSWERED")).toEqual({ label: "Answered", tone: "green", known: true });
    expect(callResultLabel("VOICEMAIL").label).toBe("Voicemail");
    expect(callResultLabel("MISSED").label).toBe("Missed");
    expect(callResultLabel("TRANSFERRED").label).toBe("Transferred");
    expect(callResultLabel("TRANSFERRED_AI").label).toBe("Transferred to AI");
  });

  it("shows unknown results humanised, never hidden", () => {
    expect(callResultLabel("HANDLED_BY_AI")).toEqual({
      label: "Handled by AI",
      tone: "neutral",
      known: false,
    });
  });

  it("knows which results never have a conversation to summarise", () => {
    expect(resultHasNoConversation("MISSED")).toBe(true);
    expect(resultHasNoConversation("ANSWERED")).toBe(false);
    expect(resultHasNoConversation("HANDLED_BY_AI")).toBe(false);
    expect(resultHasNoConversation(null)).toBe(false);
  });
});

describe("directionLabel", () => {
  it("labels both directions and keeps unknown ones readable", () => {
    expect(directionLabel("INBOUND")).toEqual({ label: "Inbound", kind: "inbound" });
    expect(directionLabel("outbound")).toEqual({ label: "Outbound", kind: "outbound" });
    expect(directionLabel("INTERNAL_TRANSFER")).toEqual({ label: "Internal transfer", kind: "other" });
  });
});

describe("messageStatusLabel and messageTypeLabel", () => {
  it("labels known delivery statuses and shows unknown ones as given", () => {
    expect(messageStatusLabel("DELIVERED")).toEqual({ label: "Delivered", tone: "green", known: true });
    expect(messageStatusLabel("PENDING").label).toBe("Pending");
    expect(messageStatusLabel("QUEUED_AT_CARRIER")).toEqual({
      label: "QUEUED_AT_CARRIER",
      tone: "neutral",
      known: false,
    });
  });

  it("keeps SMS/MMS and unknown types as given", () => {
    expect(messageTypeLabel("MMS")).toBe("MMS");
    expect(messageTypeLabel("RCS")).toBe("RCS");
    expect(messageTypeLabel(null)).toBe("Text message");
  });
});

describe("dealStatusTone", () => {
  it.each([
    ["OPEN", "blue"],
    ["qualified", "blue"],
    ["in negotiation", "blue"],
    ["WON", "green"],
    ["closed won", "green"],
    ["Closed_Won", "green"],
    ["LOST", "grey"],
    ["Proposal sent", "neutral"],
    ["مفتوح", "neutral"],
    ["<style>body{display:none}</style>won", "neutral"],
  ] as const)("%s → %s", (status, tone) => {
    expect(dealStatusTone(status)).toBe(tone);
  });

  it("treats a missing status as neutral", () => {
    expect(dealStatusTone(null)).toBe("neutral");
  });
});
