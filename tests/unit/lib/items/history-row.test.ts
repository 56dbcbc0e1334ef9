import { describe, expect, it } from "vitest";
import { newestFirst, oneLine, toHistoryRow } from "@/lib/items/history-row";
import { seedItem } from "@/tests/support/seed-items";

describe("history rows", () => {
  it("folds text to one line and cuts it at a word near the limit", () => {
    expect(oneLine("  Hello\n\nthere  ")).toBe("Hello there");
    expect(oneLine("   ")).toBeNull();
    expect(oneLine(null)).toBeNull();
    const long = "word ".repeat(60);
    const cut = oneLine(long, 40) ?? "";
    expect(cut.endsWith("…")).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(41);
    expect(cut).not.toMatch(/\s…$/);
  });

  it("builds a call row and a message row from items", () => {
    expect(toHistoryRow(seedItem("cll-demo-maria-voicemail"))).toEqual({
      id: "cll-demo-maria-voicemail",
      kind: "call",
      direction: "INBOUND",
      date: "2026-11-22T08:47:10Z",
      result: "VOICEMAIL",
      duration: 31,
      text: "Maria left a voicemail: the November invoice was charged twice and she would like a call back today.",
      teammate: "Priya Raman",
      href: "/items/cll-demo-maria-voicemail",
    });
    expect(toHistoryRow(seedItem("msg-demo-inbound"))).toMatchObject({
      kind: "sms",
      result: null,
      duration: null,
      text: "Hi Alex, got the refund confirmation, thank you! Could you also resend the November invoice as a PDF?",
    });
    expect(toHistoryRow(seedItem("cll-demo-ai-agent")).teammate).toBeNull();
  });

  it("orders rows newest first", () => {
    const rows = ["cll-demo-maria-kickoff", "cll-demo-billing", "msg-demo-maria-sorry"].map((id) =>
      toHistoryRow(seedItem(id)),
    );
    expect(newestFirst(rows).map((row) => row.id)).toEqual([
      "cll-demo-billing",
      "msg-demo-maria-sorry",
      "cll-demo-maria-kickoff",
    ]);
  });
});
