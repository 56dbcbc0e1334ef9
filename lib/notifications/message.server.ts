/**
 * What a notification says, built from the fetched item (never from the webhook payload), and
 * its two renderings: a Slack Block Kit message and a generic JSON body.
 *
 * Facts, and only these: who (first contact and company, else the formatted number), what
 * (direction, result, duration, Allo line, teammate name), why (the rule's reason), the first
 * sentence of the AI summary, and the link. No transcript, no message text, no e-mail address.
 *
 * Slack: `text` is always set (since 2026-07 mobile push shows only `text`); every interpolated
 * value is cleaned (control and bidi characters out, whitespace collapsed, length capped) and
 * mrkdwn-escaped (`&`, `<`, `>`), so a contact called `<!channel>` mentions nobody. The button
 * respects Slack's limits (text ≤ 75 characters, url ≤ 3,000).
 */
import "server-only";
import { randomBytes } from "node:crypto";
import { isCall, type AlloItem } from "@/lib/allo/item";
import { callResultLabel, directionLabel, messageTypeLabel } from "@/lib/format/labels";
import { formatPhoneNumber } from "@/lib/format/phone.server";
import { formatDuration, toTimeParam } from "@/lib/format/time";
import { itemPath } from "@/lib/links";
import type { MatchReason } from "./rules.server";

export const OPEN_BUTTON_TEXT = "Open in Callview";
export const SLACK_BUTTON_TEXT_MAX = 75;
export const SLACK_BUTTON_URL_MAX = 3_000;
const SUMMARY_SENTENCE_MAX = 200;
const NAME_MAX = 80;

// ---------------------------------------------------------------------------------------------
// Ids and links

const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
export const NOTIFICATION_ID_PATTERN = /^ntf_[a-z2-7]{20}$/;

/** `ntf_` + 20 base32 characters (100 random bits): unguessable, so a link reveals nothing. */
export function newNotificationId(): string {
  const bytes = randomBytes(20);
  return `ntf_${Array.from(bytes, (byte) => ID_ALPHABET[byte & 31]).join("")}`;
}

/**
 * `<publicUrl>/items/<id>?n=<notification>[&t=1m23s]`. The `n` lets the page show why the agent
 * was notified; `t` opens the recording at the moment. Without a public URL the link is
 * relative, which only the preview destination can use (env refuses Slack/webhook without one).
 */
export function notificationLink(input: {
  publicUrl: string | null;
  itemId: string;
  notificationId: string;
  momentSeconds: number | null;
}): string {
  const query = new URLSearchParams({ n: input.notificationId });
  if (input.momentSeconds !== null) query.set("t", toTimeParam(input.momentSeconds));
  return `${input.publicUrl ?? ""}${itemPath(input.itemId)}?${query.toString()}`;
}

// ---------------------------------------------------------------------------------------------
// Facts

export type NotificationFacts = {
  notificationId: string;
  itemId: string;
  kind: "call" | "message";
  reason: MatchReason;
  momentSeconds: number | null;
  /** "Sam Carter, Carter & Sons Plumbing", or "+1 415 555 0142". */
  who: string;
  contact: { name: string | null; company: string | null } | null;
  contactNumber: string | null;
  direction: string;
  /** Call result label ("Missed"); for messages, the message type ("SMS"). */
  result: string | null;
  durationSeconds: number | null;
  /** The Allo line, formatted. */
  line: string | null;
  /** The teammate's name (never their e-mail). */
  teammate: string | null;
  summarySentence: string | null;
  link: string;
};

/** Control characters and bidi overrides out, whitespace collapsed, length capped. */
function clean(value: string | null | undefined, max = NAME_MAX): string | null {
  if (value === null || value === undefined) return null;
  const text = value
    .replace(/[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (text === "") return null;
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/** The summary's first sentence, cut at a word boundary near 200 characters. */
export function firstSentence(summary: string | null): string | null {
  const text = clean(summary, Number.MAX_SAFE_INTEGER);
  if (text === null) return null;
  const end = /[.!?。！？](?=\s|$)/u.exec(text);
  const sentence = end ? text.slice(0, end.index + 1) : text;
  if (sentence.length <= SUMMARY_SENTENCE_MAX) return sentence;
  const cut = sentence.slice(0, SUMMARY_SENTENCE_MAX - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > SUMMARY_SENTENCE_MAX / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export function buildFacts(input: {
  item: AlloItem;
  reason: MatchReason;
  momentSeconds: number | null;
  notificationId: string;
  publicUrl: string | null;
}): NotificationFacts {
  const { item } = input;
  const call = isCall(item);
  const first = item.contacts[0];
  const contact = first ? { name: clean(first.name), company: clean(first.company?.name) } : null;
  const number = item.contact_number ? clean(formatPhoneNumber(item.contact_number)) : null;
  const named = [contact?.name, contact?.company].filter((part): part is string => !!part).join(", ");
  const who = named || number || (call ? "Unknown caller" : "Unknown number");
  const duration = call && item.duration !== null && item.duration > 0 ? item.duration : null;
  return {
    notificationId: input.notificationId,
    itemId: item.id,
    kind: call ? "call" : "message",
    reason: input.reason,
    momentSeconds: input.momentSeconds,
    who,
    contact,
    contactNumber: item.contact_number,
    direction: directionLabel(item.direction).label,
    result: call
      ? item.result
        ? callResultLabel(item.result).label
        : null
      : messageTypeLabel(clean(item.message_type, 10)),
    durationSeconds: duration,
    line: item.allo_number ? clean(formatPhoneNumber(item.allo_number)) : null,
    teammate: clean(item.user?.name),
    summarySentence: call ? firstSentence(item.summary) : null,
    link: notificationLink({
      publicUrl: input.publicUrl,
      itemId: item.id,
      notificationId: input.notificationId,
      momentSeconds: input.momentSeconds,
    }),
  };
}

/** "Inbound · Missed · 4 min 12 s · Line +1 415 555 0100 · Priya Raman" */
export function whatLine(facts: NotificationFacts): string {
  return [
    facts.kind === "call" ? `${facts.direction} call` : `${facts.direction} message`,
    facts.result,
    facts.durationSeconds !== null ? formatDuration(facts.durationSeconds) : null,
    facts.line ? `Line ${facts.line}` : null,
    facts.teammate,
  ]
    .filter((part): part is string => !!part)
    .join(" · ");
}

// ---------------------------------------------------------------------------------------------
// Slack

export type SlackTextObject = { type: "mrkdwn" | "plain_text"; text: string };
export type SlackBlock =
  | { type: "section"; text: SlackTextObject }
  | {
      type: "actions";
      elements: {
        type: "button";
        text: { type: "plain_text"; text: string };
        url: string;
        style: "primary";
        action_id: string;
      }[];
    };
export type SlackMessage = { text: string; blocks: SlackBlock[] };

/** Slack's three mrkdwn control characters; everything else is literal text. */
export function escapeMrkdwn(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function slackMessage(facts: NotificationFacts, options: { test?: boolean } = {}): SlackMessage {
  const e = escapeMrkdwn;
  const headline = `${options.test ? "[Test] " : ""}${facts.reason.text}`;
  const lines = [`*${e(headline)}*`, e(facts.who), e(whatLine(facts))];
  const blocks: SlackBlock[] = [{ type: "section", text: { type: "mrkdwn", text: lines.join("\n") } }];
  // A section rather than a context block: context text is too small to read on a phone.
  if (facts.summarySentence) {
    blocks.push({ type: "section", text: { type: "mrkdwn", text: e(facts.summarySentence) } });
  }
  // A URL beyond Slack's limit would get the whole message refused; the ids keep it far shorter.
  if (facts.link.length <= SLACK_BUTTON_URL_MAX) {
    blocks.push({
      type: "actions",
      elements: [
        {
          type: "button",
          text: { type: "plain_text", text: OPEN_BUTTON_TEXT.slice(0, SLACK_BUTTON_TEXT_MAX) },
          url: facts.link,
          style: "primary",
          action_id: "open-in-callview",
        },
      ],
    });
  }
  return { text: `${e(headline)}: ${e(facts.who)}`, blocks };
}

// ---------------------------------------------------------------------------------------------
// Generic JSON

export type GenericNotificationPayload = {
  /** The notification id: stable across retries, the receiver's idempotency key. */
  id: string;
  type: "notification" | "test";
  created_at: string;
  rule_id: string;
  reason: MatchReason;
  moment_seconds: number | null;
  link: string;
  item: {
    id: string;
    kind: "call" | "message";
    who: string;
    contact: { name: string | null; company: string | null } | null;
    contact_number: string | null;
    direction: string;
    result: string | null;
    duration_seconds: number | null;
    line: string | null;
    teammate: string | null;
    summary_sentence: string | null;
  };
};

export function genericPayload(
  facts: NotificationFacts,
  meta: { ruleId: string; createdAtMs: number; test?: boolean },
): GenericNotificationPayload {
  return {
    id: facts.notificationId,
    type: meta.test ? "test" : "notification",
    created_at: new Date(meta.createdAtMs).toISOString(),
    rule_id: meta.ruleId,
    reason: facts.reason,
    moment_seconds: facts.momentSeconds,
    link: facts.link,
    item: {
      id: facts.itemId,
      kind: facts.kind,
      who: facts.who,
      contact: facts.contact,
      contact_number: facts.contactNumber,
      direction: facts.direction,
      result: facts.result,
      duration_seconds: facts.durationSeconds,
      line: facts.line,
      teammate: facts.teammate,
      summary_sentence: facts.summarySentence,
    },
  };
}
