import { describe, expect, it } from "vitest";
import {
  buildFacts,
  escapeMrkdwn,
  firstSentence,
  genericPayload,
  newNotificationId,
  NOTIFICATION_ID_PATTERN,
  notificationLink,
  slackMessage,
  SLACK_BUTTON_TEXT_MAX,
  SLACK_BUTTON_URL_MAX,
  type SlackMessage,
} from "@/lib/notifications/message.server";
import type { MatchReason } from "@/lib/notifications/rules.server";
import { callItem, seedItem } from "@/tests/support/seed-items";

const MISSED: MatchReason = { kind: "result", text: "Missed call from a known contact" };
const ID = "ntf_abcdefghijklmnopqrst";

function facts(item = seedItem("cll-demo-missed"), reason = MISSED, momentSeconds: number | null = null) {
  return buildFacts({ item, reason, momentSeconds, notificationId: ID, publicUrl: "https://cv.example.com" });
}

/** Every string a Slack client would render or parse. */
function allText(message: SlackMessage): string {
  return JSON.stringify(message);
}

function button(message: SlackMessage) {
  const actions = message.blocks.find((block) => block.type === "actions");
  if (!actions || actions.type !== "actions") throw new Error("no actions block");
  return actions.elements[0]!;
}

describe("links and ids", () => {
  it("notification ids are ntf_ + 20 base32 characters, all different", () => {
    const ids = new Set(Array.from({ length: 200 }, newNotificationId));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(NOTIFICATION_ID_PATTERN);
  });

  it("links carry the notification id, and the moment when there is one", () => {
    expect(
      notificationLink({
        publicUrl: "https://cv.example.com",
        itemId: "cll-demo-billing",
        notificationId: ID,
        momentSeconds: null,
      }),
    ).toBe(`https://cv.example.com/items/cll-demo-billing?n=${ID}`);
    expect(
      notificationLink({
        publicUrl: "https://cv.example.com",
        itemId: "cll-demo-billing",
        notificationId: ID,
        momentSeconds: 192.4,
      }),
    ).toBe(`https://cv.example.com/items/cll-demo-billing?n=${ID}&t=3m12s`);
  });

  it("without a public URL the link is relative (preview only)", () => {
    expect(
      notificationLink({
        publicUrl: null,
        itemId: "msg-demo-inbound",
        notificationId: ID,
        momentSeconds: null,
      }),
    ).toBe(`/items/msg-demo-inbound?n=${ID}`);
  });
});

describe("facts", () => {
  it("come from the item: who, what, summary sentence", () => {
    const billing = facts(
      seedItem("cll-demo-billing"),
      { kind: "keyword-transcript", text: "Said 'refund' at 0:59" },
      59.9,
    );
    expect(billing).toMatchObject({
      who: "Maria Gonzalez, Northwind Traders",
      direction: "Inbound",
      result: "Answered",
      durationSeconds: 100,
      line: "+1 415 555 0100",
      teammate: "Alex Martin",
      summarySentence: "Maria from Northwind Traders was charged twice for the November invoice.",
      link: `https://cv.example.com/items/cll-demo-billing?n=${ID}&t=59s`,
    });
  });

  it("fall back to the formatted number, then to 'Unknown caller'", () => {
    expect(facts(callItem()).who).toBe("+1 415 555 0142");
    expect(facts(callItem({ contact_number: null })).who).toBe("Unknown caller");
  });

  it("messages: the type, no summary, no content", () => {
    const sms = facts(seedItem("msg-demo-inbound"), { kind: "rule", text: "Matched rule texts" });
    expect(sms).toMatchObject({
      kind: "message",
      result: "SMS",
      durationSeconds: null,
      summarySentence: null,
    });
    expect(JSON.stringify(sms)).not.toContain("refund confirmation");
  });

  it("first sentence, trimmed near 200 characters at a word", () => {
    expect(firstSentence("One. Two.")).toBe("One.");
    expect(firstSentence("No full stop at all")).toBe("No full stop at all");
    expect(firstSentence(null)).toBeNull();
    const long = firstSentence(`${"word ".repeat(80)}end.`)!;
    expect(long.length).toBeLessThanOrEqual(200);
    expect(long.endsWith("word…")).toBe(true);
  });
});

describe("slackMessage", () => {
  it("has a text fallback, a who/what section and one primary button to the link", () => {
    const message = slackMessage(facts());
    expect(message.text).toBe("Missed call from a known contact: Sam Carter, Carter &amp; Sons Plumbing");
    const section = message.blocks[0];
    expect(section).toEqual({
      type: "section",
      text: {
        type: "mrkdwn",
        text: "*Missed call from a known contact*\nSam Carter, Carter &amp; Sons Plumbing\nInbound call · Missed · Line +1 415 555 0100 · Priya Raman",
      },
    });
    expect(button(message)).toEqual({
      type: "button",
      text: { type: "plain_text", text: "Open in Callview" },
      url: `https://cv.example.com/items/cll-demo-missed?n=${ID}`,
      style: "primary",
      action_id: "open-in-callview",
    });
    expect(button(message).text.text.length).toBeLessThanOrEqual(SLACK_BUTTON_TEXT_MAX);
    expect(button(message).url.length).toBeLessThanOrEqual(SLACK_BUTTON_URL_MAX);
  });

  it("shows the summary's first sentence", () => {
    const message = slackMessage(
      facts(seedItem("cll-demo-voicemail"), { kind: "result", text: "Voicemail" }),
    );
    expect(message.blocks[1]).toEqual({
      type: "section",
      text: {
        type: "mrkdwn",
        text: "Camille left a voicemail asking to move Friday's training session to next week and to be called back before noon.",
      },
    });
  });

  it("escapes hostile contact names so they mention and link nothing", () => {
    const hostile = callItem({
      contacts: [
        {
          id: "cnt-x",
          name: "<!channel> <https://evil.example|click me> & co",
          company: { id: "com-x", name: "<@U123>\u202Eevil\nnext line" },
          deals: [],
        },
      ],
      user: { id: "usr-x", name: "<!here>", email: "eve@example.com" },
    });
    const message = slackMessage(facts(hostile, { kind: "rule", text: "Matched rule r" }));
    const text = allText(message);
    expect(text).not.toMatch(/<!channel>|<!here>|<https:\/\/evil|<@U123>/);
    expect(message.text).toContain("&lt;!channel&gt; &lt;https://evil.example|click me&gt; &amp; co");
    expect(text).not.toContain("\u202E");
    expect(text).not.toContain("eve@example.com");
  });

  it("never carries the transcript, the full summary or e-mail addresses", () => {
    const text = allText(slackMessage(facts(seedItem("cll-demo-billing"), MISSED)));
    expect(text).not.toContain("alex.martin@example.com");
    expect(text).not.toContain("maria.gonzalez@northwind.example");
    expect(text).not.toContain("payment page timed out");
    expect(text).not.toContain("will email the confirmation");
  });

  it("marks test notifications", () => {
    expect(slackMessage(facts(), { test: true }).text).toMatch(/^\[Test\] /);
  });

  it("escapeMrkdwn escapes exactly &, < and >", () => {
    expect(escapeMrkdwn("a & b < c > d *e* _f_")).toBe("a &amp; b &lt; c &gt; d *e* _f_");
  });
});

describe("genericPayload", () => {
  it("has the same facts, the id (idempotency key), the type and the link", () => {
    const createdAtMs = Date.UTC(2026, 10, 24, 8, 0, 0);
    const payload = genericPayload(facts(), { ruleId: "missed-or-voicemail", createdAtMs });
    expect(payload).toEqual({
      id: ID,
      type: "notification",
      created_at: "2026-11-24T08:00:00.000Z",
      rule_id: "missed-or-voicemail",
      reason: MISSED,
      moment_seconds: null,
      link: `https://cv.example.com/items/cll-demo-missed?n=${ID}`,
      item: {
        id: "cll-demo-missed",
        kind: "call",
        who: "Sam Carter, Carter & Sons Plumbing",
        contact: { name: "Sam Carter", company: "Carter & Sons Plumbing" },
        contact_number: "+14155550142",
        direction: "Inbound",
        result: "Missed",
        duration_seconds: null,
        line: "+1 415 555 0100",
        teammate: "Priya Raman",
        summary_sentence: null,
      },
    });
    expect(genericPayload(facts(), { ruleId: "test", createdAtMs, test: true }).type).toBe("test");
  });
});
