import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  DEFAULT_RULES,
  evaluateRules,
  loadRules,
  parseRules,
  rulesForTopic,
  type NotificationRule,
} from "@/lib/notifications/rules.server";
import { ConfigurationError } from "@/lib/server/env.server";
import { tempDir } from "@/tests/support/notification-fixtures";
import { callItem, seedItem } from "@/tests/support/seed-items";

const completed = { topic: "call.completed", tags: [] };

function rules(...list: unknown[]): NotificationRule[] {
  return parseRules({ rules: list }, { source: "test" });
}

function refusal(raw: unknown, configured?: ("slack" | "webhook")[]): string {
  try {
    parseRules(raw, { source: "rules.yaml", configured });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error("expected the rules to be refused");
}

describe("rules file schema", () => {
  it("names the rule (index and id) and the field of a bad rule", () => {
    const message = refusal({
      rules: [
        { id: "fine", topic: "call.completed" },
        { id: "refunds", topic: "call.completed", keywords: [""] },
      ],
    });
    expect(message).toMatch(
      /^Invalid CALLVIEW_NOTIFY_RULES \(rules\.yaml\): rule 2 \("refunds"\), field keywords\[0\]: /,
    );
  });

  it.each([
    [
      { id: "x", topic: "call.completed", colour: "red" },
      /rule 1 \("x"\), field colour: is not a rule field/,
    ],
    [{ id: "Not_Kebab", topic: "call.completed" }, /rule 1 \("Not_Kebab"\), field id: must be kebab-case/],
    [{ id: "x", topic: "call.complete" }, /field topic: must be one of/],
    [{ id: "x", topic: "tag.removed" }, /field topic: must be one of/],
    [
      { id: "x", topic: "call.completed", direction: "sideways" },
      /field direction: must be INBOUND or OUTBOUND/,
    ],
    [{ id: "x", topic: "call.completed", line: "0415 555" }, /field line: must be an E.164 number/],
    [{ id: "x", topic: "call.completed", min_duration_seconds: -1 }, /field min_duration_seconds/],
    [
      { id: "x", topic: "call.completed", destinations: ["email"] },
      /field destinations\[0\]: must be slack or webhook/,
    ],
    [{ id: "x", topic: "call.completed", tags: [] }, /field tags/],
    [{ topic: "call.completed" }, /rule 1, field id/],
  ])("refuses %j", (rule, pattern) => {
    expect(refusal({ rules: [rule] })).toMatch(pattern);
  });

  it("refuses duplicate ids and unknown top-level keys", () => {
    expect(
      refusal({
        rules: [
          { id: "a", topic: "call.completed" },
          { id: "a", topic: "tag.added" },
        ],
      }),
    ).toMatch(/rule 2 \("a"\), field id: is used twice/);
    expect(refusal({ rules: [], extra: true })).toMatch(/Unrecognized key/);
    expect(refusal([])).toMatch(/\(file\)|rules/);
  });

  it("refuses a rule naming a destination that is not configured", () => {
    expect(
      refusal({ rules: [{ id: "x", topic: "call.completed", destinations: ["webhook"] }] }, ["slack"]),
    ).toMatch(
      /rule 1 \("x"\), field destinations: "webhook" is not configured \(CALLVIEW_NOTIFY_WEBHOOK_URL/,
    );
  });

  it("normalises what it accepts", () => {
    const [rule] = rules({
      id: "support-line",
      topic: "call.completed",
      direction: "inbound",
      result: ["missed"],
      tags: ["Urgent"],
      line: "+1 415 555 0100",
      teammate: "Priya Raman",
    });
    expect(rule).toEqual({
      id: "support-line",
      topic: ["call.completed"],
      direction: "INBOUND",
      result: ["MISSED"],
      tags: ["urgent"],
      line: ["+14155550100"],
      teammate: ["Priya Raman"],
    });
  });
});

describe("loadRules", () => {
  let cleanup: (() => void) | null = null;
  afterEach(() => cleanup?.());

  function file(name: string, text: string): string {
    const { dir, remove } = tempDir();
    cleanup = remove;
    const target = path.join(dir, name);
    writeFileSync(target, text);
    return target;
  }

  it("uses the defaults without a file", () => {
    expect(loadRules(null)).toEqual(DEFAULT_RULES);
  });

  it("reads YAML and JSON by extension, and guesses otherwise", () => {
    const yaml = "rules:\n  - id: refunds\n    topic: call.completed\n    keywords: [refund]\n";
    expect(loadRules(file("rules.yaml", yaml))[0]?.keywords).toEqual(["refund"]);
    const json = JSON.stringify({ rules: [{ id: "sms", topic: "sms.*" }] });
    expect(loadRules(file("rules.json", json))[0]?.topic).toEqual(["sms.*"]);
    expect(loadRules(file("rules.conf", yaml))[0]?.id).toBe("refunds");
    expect(loadRules(file("rules.conf", json))[0]?.id).toBe("sms");
  });

  it("says which file is unreadable or malformed", () => {
    expect(() => loadRules("/nonexistent/rules.yaml")).toThrow(
      /cannot read \/nonexistent\/rules\.yaml \(ENOENT\)/,
    );
    expect(() => loadRules(file("rules.json", "{ nope"))).toThrow(/not valid JSON or YAML/);
    expect(() => loadRules(file("rules.yaml", "rules:\n  - id: [unclosed\n"))).toThrow(ConfigurationError);
  });
});

describe("evaluateRules: defaults", () => {
  it("a missed inbound call from a known contact", () => {
    expect(evaluateRules(DEFAULT_RULES, completed, seedItem("cll-demo-missed"))).toEqual([
      {
        ruleId: "missed-or-voicemail",
        reason: { kind: "result", text: "Missed call from a known contact" },
        momentSeconds: null,
      },
    ]);
  });

  it("a voicemail; and a missed call from an unknown number", () => {
    expect(evaluateRules(DEFAULT_RULES, completed, seedItem("cll-demo-voicemail"))[0]?.reason.text).toBe(
      "Voicemail from a known contact",
    );
    expect(evaluateRules(DEFAULT_RULES, completed, callItem({ result: "MISSED" }))[0]?.reason.text).toBe(
      "Missed call",
    );
  });

  it("nothing for answered, outbound or other topics", () => {
    expect(evaluateRules(DEFAULT_RULES, completed, seedItem("cll-demo-billing"))).toEqual([]);
    expect(
      evaluateRules(DEFAULT_RULES, completed, callItem({ result: "MISSED", direction: "OUTBOUND" })),
    ).toEqual([]);
    expect(
      evaluateRules(DEFAULT_RULES, { topic: "call.received", tags: [] }, seedItem("cll-demo-missed")),
    ).toEqual([]);
    expect(rulesForTopic(DEFAULT_RULES, "contact.created")).toEqual([]);
  });

  it("tagged urgent: the added tag must be urgent and the item must still carry it", () => {
    const tagged = seedItem("cll-demo-billing", { tags: ["billing", "urgent"] });
    expect(evaluateRules(DEFAULT_RULES, { topic: "tag.added", tags: ["urgent"] }, tagged)).toEqual([
      { ruleId: "tagged-urgent", reason: { kind: "tag", text: "Tagged urgent" }, momentSeconds: null },
    ]);
    // Removed again before we fetched it: the item is the truth.
    expect(
      evaluateRules(DEFAULT_RULES, { topic: "tag.added", tags: ["urgent"] }, seedItem("cll-demo-billing")),
    ).toEqual([]);
    // Another tag was added; urgent was already there before.
    expect(evaluateRules(DEFAULT_RULES, { topic: "tag.added", tags: ["billing"] }, tagged)).toEqual([]);
  });
});

describe("evaluateRules: criteria", () => {
  const one = (rule: Record<string, unknown>, item = callItem(), event = completed) =>
    evaluateRules(rules({ id: "r", topic: "call.completed", ...rule }), event, item);

  it("direction, result, line, teammate, duration each narrow the match", () => {
    expect(one({ direction: "OUTBOUND" })).toEqual([]);
    expect(one({ direction: "INBOUND" })).toHaveLength(1);
    expect(one({ result: ["ANSWERED"] })[0]?.reason.text).toBe("Answered call");
    expect(one({ result: ["MISSED"] })).toEqual([]);
    expect(one({ line: "+1 415 555 0100" })).toHaveLength(1);
    expect(one({ line: ["+442071838750"] })).toEqual([]);
    expect(one({ teammate: "PRIYA.RAMAN@example.com" })).toHaveLength(1);
    expect(one({ teammate: "usr-1" })).toHaveLength(1);
    expect(one({ teammate: "priya raman" })).toHaveLength(1);
    expect(one({ teammate: "Alex Martin" })).toEqual([]);
    expect(one({ teammate: "Priya Raman" }, callItem({ user: null }))).toEqual([]);
    expect(one({ min_duration_seconds: 300 })).toHaveLength(1);
    expect(one({ min_duration_seconds: 301 })).toEqual([]);
    expect(one({ min_duration_seconds: 0 }, callItem({ duration: null }))).toEqual([]);
  });

  it("tags on other topics: the item carries one of them", () => {
    expect(one({ tags: ["vip", "billing"] }, seedItem("cll-demo-billing"))[0]?.reason.text).toBe(
      "Tagged billing",
    );
    expect(one({ tags: ["vip"] }, seedItem("cll-demo-billing"))).toEqual([]);
  });

  it("the neutral fallback when no criterion explains it", () => {
    expect(one({})[0]?.reason).toEqual({ kind: "rule", text: "Matched rule r" });
  });

  it("SMS items match sms.* rules", () => {
    const [match] = evaluateRules(
      rules({ id: "texts", topic: "sms.*", direction: "INBOUND" }),
      { topic: "sms.received", tags: [] },
      seedItem("msg-demo-inbound"),
    );
    expect(match?.reason.text).toBe("Matched rule texts");
    expect(
      evaluateRules(rules({ id: "texts", topic: "sms.*" }), completed, seedItem("msg-demo-inbound")),
    ).toEqual([]);
  });

  it("all criteria must hold, and the most telling one explains: keyword > tag > result", () => {
    const item = seedItem("cll-demo-billing", { result: "VOICEMAIL" });
    expect(
      one({ result: ["VOICEMAIL"], tags: ["billing"], keywords: ["refund"] }, item)[0]?.reason.kind,
    ).toBe("keyword-transcript");
    expect(one({ result: ["VOICEMAIL"], tags: ["billing"] }, item)[0]?.reason.text).toBe("Tagged billing");
    expect(one({ result: ["VOICEMAIL"] }, item)[0]?.reason.text).toBe("Voicemail from a known contact");
    expect(one({ result: ["VOICEMAIL"], keywords: ["nowhere to be found"] }, item)).toEqual([]);
  });
});

describe("evaluateRules: keywords", () => {
  const keywordRule = (...keywords: string[]) => rules({ id: "k", topic: "call.completed", keywords });

  it("finds a keyword in the transcript, with the moment it was said", () => {
    const [match] = evaluateRules(keywordRule("refund"), completed, seedItem("cll-demo-billing"));
    expect(match).toEqual({
      ruleId: "k",
      reason: { kind: "keyword-transcript", text: "Said 'refund' at 0:59" },
      momentSeconds: 59.912,
    });
  });

  it("is whole-word: 'refunded' does not match 'refund', nor 'fund'", () => {
    expect(evaluateRules(keywordRule("refunded"), completed, seedItem("cll-demo-billing"))).toEqual([]);
    expect(evaluateRules(keywordRule("fund"), completed, seedItem("cll-demo-billing"))).toEqual([]);
  });

  it("matches phrases across case and punctuation, at the earliest segment", () => {
    const item = callItem({
      date: "2026-11-24T08:00:00Z",
      transcript: [
        { source: "EXTERNAL", time: "2026-11-24T08:05:00Z", text: "So yes: cancel my subscription." },
        { source: "EXTERNAL", time: "2026-11-24T08:03:12Z", text: "I want to CANCEL... my subscription!" },
        { source: "USER", time: "2026-11-24T08:01:00Z", text: "How can I help?" },
      ],
    });
    expect(evaluateRules(keywordRule("Cancel my subscription"), completed, item)[0]).toEqual({
      ruleId: "k",
      reason: { kind: "keyword-transcript", text: "Said 'Cancel my subscription' at 3:12" },
      momentSeconds: 192,
    });
  });

  it("clamps the moment like the transcript timeline (before the call → 0, after the end → duration)", () => {
    const item = callItem({
      date: "2026-11-24T08:00:00Z",
      duration: 60,
      transcript: [{ source: "EXTERNAL", time: "2026-11-24T08:10:00Z", text: "refund please" }],
    });
    expect(evaluateRules(keywordRule("refund"), completed, item)[0]?.momentSeconds).toBe(60);
  });

  it("falls back to the summary, without a moment", () => {
    const [match] = evaluateRules(keywordRule("November"), completed, seedItem("cll-demo-billing"));
    expect(match).toEqual({
      ruleId: "k",
      reason: { kind: "keyword-summary", text: "Summary mentions 'November'" },
      momentSeconds: null,
    });
  });

  it("takes nothing from the transcript or payload into the reason but the configured keyword", () => {
    const [match] = evaluateRules(keywordRule("charged twice"), completed, seedItem("cll-demo-billing"));
    expect(match?.reason.text).toBe("Said 'charged twice' at 0:06");
  });
});
