/**
 * Notification rules: the schema of the rules file (CALLVIEW_NOTIFY_RULES), the defaults, and
 * `evaluateRules`, which decides from the *fetched item* (never the payload) which rules fire.
 *
 * A rule matches when its topic matches and every criterion it sets holds (AND). The reason
 * shown to the agent comes from fixed templates; the only text taken from configuration is the
 * keyword or tag name, and nothing is ever taken from the payload. When a rule has several
 * criteria, the most telling one explains it: keyword > tag > result > "Matched rule <id>".
 *
 * Keyword matching is whole words, case-insensitive, punctuation-blind: text and keyword are
 * both reduced to lower-case words separated by single spaces, so `cancel my subscription`
 * matches "Cancel... my subscription!" and `refund` does NOT match "refunded" (a rule that wants
 * both lists both). A phrase must sit inside one transcript segment; the earliest segment wins.
 */
import "server-only";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { isCall, type AlloItem } from "@/lib/allo/item";
import { callResultLabel } from "@/lib/format/labels";
import { formatClock } from "@/lib/format/time";
import { ConfigurationError } from "@/lib/server/env.server";
import { segmentOffsetSeconds } from "@/lib/transcript/timeline";
import { ITEM_TOPICS } from "./allo-event.server";

/** Destinations a rule may name; `preview` is implicit (used when none is configured). */
export const RULE_DESTINATIONS = ["slack", "webhook"] as const;
export type RuleDestination = (typeof RULE_DESTINATIONS)[number];

/** `tag.removed` is recorded but never notifies: losing a tag is not news worth a ping. */
const RULE_TOPICS = [...ITEM_TOPICS.filter((topic) => topic !== "tag.removed"), "call.*", "sms.*"];

const oneOrMany = <T extends z.ZodType>(schema: T) =>
  z.union([schema, z.array(schema).min(1)]).transform((value) => (Array.isArray(value) ? value : [value]));

const nonEmptyList = <T extends z.ZodType>(schema: T) => z.array(schema).min(1);

const phoneDigits = (value: string) => value.replace(/[\s().-]/g, "");

const ruleSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be kebab-case, e.g. missed-calls")
    .max(64, "must be at most 64 characters"),
  description: z.string().max(500).optional(),
  topic: oneOrMany(
    z.string().refine((value) => RULE_TOPICS.includes(value), {
      message: `must be one of ${RULE_TOPICS.join(", ")}`,
    }),
  ),
  direction: z
    .string()
    .transform((value) => value.trim().toUpperCase())
    .pipe(z.enum(["INBOUND", "OUTBOUND"], { message: "must be INBOUND or OUTBOUND" }))
    .optional(),
  // Open list: Allo may add results; upper-cased like the API sends them.
  result: nonEmptyList(
    z
      .string()
      .trim()
      .min(1)
      .transform((value) => value.toUpperCase()),
  ).optional(),
  tags: nonEmptyList(
    z
      .string()
      .trim()
      .min(1)
      .max(100)
      .transform((value) => value.toLowerCase()),
  ).optional(),
  line: oneOrMany(
    z
      .string()
      .transform(phoneDigits)
      .pipe(z.string().regex(/^\+[1-9]\d{6,14}$/, "must be an E.164 number such as +14155550100")),
  ).optional(),
  teammate: oneOrMany(z.string().trim().min(1).max(200)).optional(),
  min_duration_seconds: z.number().nonnegative().max(86_400).optional(),
  keywords: nonEmptyList(
    z
      .string()
      .trim()
      .max(100)
      .refine((value) => normaliseText(value) !== "", "must contain a letter or digit"),
  ).optional(),
  destinations: nonEmptyList(z.enum(RULE_DESTINATIONS, { message: "must be slack or webhook" })).optional(),
});

const rulesFileSchema = z.strictObject({
  rules: z.array(ruleSchema).superRefine((rules, ctx) => {
    const seen = new Set<string>();
    rules.forEach((rule, index) => {
      if (seen.has(rule.id)) ctx.addIssue({ code: "custom", path: [index, "id"], message: "is used twice" });
      seen.add(rule.id);
    });
  }),
});

export type NotificationRule = z.output<typeof ruleSchema>;

export const DEFAULT_RULES: readonly NotificationRule[] = [
  {
    id: "missed-or-voicemail",
    description: "Inbound calls nobody answered",
    topic: ["call.completed"],
    direction: "INBOUND",
    result: ["MISSED", "VOICEMAIL"],
  },
  {
    id: "tagged-urgent",
    description: "A call was tagged urgent",
    topic: ["tag.added"],
    tags: ["urgent"],
  },
];

/** `rules[2].keywords[0]` → rule 3 ("refunds"), field keywords[0]. */
function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  const [root, index, ...field] = issue.path;
  if (root !== "rules" || typeof index !== "number") {
    return `${issue.path.join(".") || "(file)"}: ${issue.message}`;
  }
  const rawRules = (raw as { rules?: unknown[] }).rules;
  const rawId = (rawRules?.[index] as { id?: unknown } | undefined)?.id;
  const name = typeof rawId === "string" ? ` ("${rawId.slice(0, 64)}")` : "";
  const where = field.map((part) => (typeof part === "number" ? `[${part}]` : `.${String(part)}`)).join("");
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.map((key) => key.slice(0, 40)).join(", ");
    return `rule ${index + 1}${name}, field ${keys}: is not a rule field (check the spelling)`;
  }
  return `rule ${index + 1}${name}, field ${where.replace(/^\./, "") || "(rule)"}: ${issue.message}`;
}

/**
 * Validates an already-parsed rules document. `configured` lists the destinations that exist:
 * a rule naming another one is a mistake worth stopping for. When only the preview destination
 * exists (nothing configured), every rule goes there, so no rule is refused for that.
 */
export function parseRules(
  raw: unknown,
  options: { source: string; configured?: readonly RuleDestination[] },
): NotificationRule[] {
  const parsed = rulesFileSchema.safeParse(raw);
  const prefix = `Invalid CALLVIEW_NOTIFY_RULES (${options.source})`;
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((issue) => describeIssue(issue, raw));
    throw new ConfigurationError(`${prefix}: ${problems.join("; ")}.`);
  }
  const configured = options.configured ?? [];
  if (configured.length > 0) {
    parsed.data.rules.forEach((rule, index) => {
      const missing = rule.destinations?.find((destination) => !configured.includes(destination));
      if (missing) {
        throw new ConfigurationError(
          `${prefix}: rule ${index + 1} ("${rule.id}"), field destinations: "${missing}" is not configured (${missing === "slack" ? "CALLVIEW_SLACK_WEBHOOK_URL" : "CALLVIEW_NOTIFY_WEBHOOK_URL"} is not set).`,
        );
      }
    });
  }
  return parsed.data.rules;
}

/** Reads the rules file (JSON or YAML by extension; otherwise JSON, then YAML); null → defaults. */
export function loadRules(
  file: string | null,
  options: { configured?: readonly RuleDestination[] } = {},
): NotificationRule[] {
  if (file === null) return [...DEFAULT_RULES];
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new ConfigurationError(`Invalid CALLVIEW_NOTIFY_RULES: cannot read ${file} (${code}).`);
  }
  const extension = path.extname(file).toLowerCase();
  let raw: unknown;
  try {
    if (extension === ".json") raw = JSON.parse(text);
    else if (extension === ".yaml" || extension === ".yml") raw = parseYaml(text);
    else {
      try {
        raw = JSON.parse(text);
      } catch {
        raw = parseYaml(text);
      }
    }
  } catch (error) {
    const detail = error instanceof Error ? error.message.split("\n")[0] : "syntax error";
    throw new ConfigurationError(
      `Invalid CALLVIEW_NOTIFY_RULES (${file}): not valid JSON or YAML: ${detail}`,
    );
  }
  return parseRules(raw, { source: file, ...options });
}

// ---------------------------------------------------------------------------------------------
// Evaluation

export type MatchReason = {
  kind: "keyword-transcript" | "keyword-summary" | "tag" | "result" | "rule" | "test";
  text: string;
};

export type RuleMatch = {
  ruleId: string;
  reason: MatchReason;
  /** Seconds into the call the reason points at (a keyword said then), else null. */
  momentSeconds: number | null;
};

/** What rules look at in an event: the payload is a hint, so only topic and named tags. */
export type RuleEvent = { topic: string; tags: readonly string[] };

function topicMatches(pattern: string, topic: string): boolean {
  return pattern.endsWith(".*") ? topic.startsWith(pattern.slice(0, -1)) : pattern === topic;
}

/** Rules that listen to this topic; the engine skips fetching the item when there are none. */
export function rulesForTopic(rules: readonly NotificationRule[], topic: string): NotificationRule[] {
  return rules.filter((rule) => rule.topic.some((pattern) => topicMatches(pattern, topic)));
}

/** Lower-case words separated by single spaces, padded so `includes(" word ")` is whole-word. */
function normaliseText(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

function containsPhrase(text: string, phrase: string): boolean {
  const needle = normaliseText(phrase);
  return needle !== "" && ` ${normaliseText(text)} `.includes(` ${needle} `);
}

type KeywordHit = { keyword: string; momentSeconds: number | null };

function findKeyword(item: AlloItem, keywords: readonly string[]): KeywordHit | null {
  let best: KeywordHit | null = null;
  for (const segment of item.transcript ?? []) {
    const keyword = keywords.find((candidate) => containsPhrase(segment.text, candidate));
    if (!keyword) continue;
    const offset = segmentOffsetSeconds(segment.time, item.date, item.duration);
    if (best === null || (best.momentSeconds ?? Infinity) > offset) best = { keyword, momentSeconds: offset };
  }
  if (best) return best;
  const inSummary = keywords.find(
    (candidate) => item.summary !== null && containsPhrase(item.summary, candidate),
  );
  return inSummary ? { keyword: inSummary, momentSeconds: null } : null;
}

function resultReason(result: string, knownContact: boolean): string {
  const upper = result.toUpperCase();
  const suffix = knownContact ? " from a known contact" : "";
  if (upper === "MISSED") return `Missed call${suffix}`;
  if (upper === "VOICEMAIL") return `Voicemail${suffix}`;
  return `${callResultLabel(result).label} call`;
}

function itemTags(item: AlloItem): string[] {
  return (item.tags ?? []).map((tag) => tag.trim().toLowerCase());
}

function teammateMatches(item: AlloItem, wanted: readonly string[]): boolean {
  const user = item.user;
  if (!user) return false;
  const names = [user.id, user.email, user.name]
    .filter((v): v is string => !!v)
    .map((v) => v.trim().toLowerCase());
  return wanted.some((candidate) => names.includes(candidate.trim().toLowerCase()));
}

function evaluateRule(rule: NotificationRule, event: RuleEvent, item: AlloItem): RuleMatch | null {
  if (!rule.topic.some((pattern) => topicMatches(pattern, event.topic))) return null;
  if (rule.direction && item.direction.toUpperCase() !== rule.direction) return null;

  const result = item.result?.toUpperCase() ?? null;
  if (rule.result && (result === null || !rule.result.includes(result))) return null;

  let matchedTag: string | null = null;
  if (rule.tags) {
    const carried = itemTags(item);
    // For tag.added the added tag must be one of the rule's, and the item must still carry it
    // (it may have been removed again before we fetched it).
    const eventTags = event.tags.map((tag) => tag.toLowerCase());
    const candidates =
      event.topic === "tag.added" ? rule.tags.filter((tag) => eventTags.includes(tag)) : rule.tags;
    matchedTag = candidates.find((tag) => carried.includes(tag)) ?? null;
    if (matchedTag === null) return null;
  }

  if (rule.line) {
    const line = item.allo_number ? phoneDigits(item.allo_number) : null;
    if (line === null || !rule.line.includes(line)) return null;
  }
  if (rule.teammate && !teammateMatches(item, rule.teammate)) return null;
  if (rule.min_duration_seconds !== undefined && (item.duration ?? -1) < rule.min_duration_seconds)
    return null;

  let keyword: KeywordHit | null = null;
  if (rule.keywords) {
    keyword = findKeyword(item, rule.keywords);
    if (keyword === null) return null;
  }

  const match = (reason: MatchReason, momentSeconds: number | null = null): RuleMatch => ({
    ruleId: rule.id,
    reason,
    momentSeconds,
  });
  if (keyword && keyword.momentSeconds !== null) {
    return match(
      {
        kind: "keyword-transcript",
        text: `Said '${keyword.keyword}' at ${formatClock(keyword.momentSeconds)}`,
      },
      keyword.momentSeconds,
    );
  }
  if (keyword) return match({ kind: "keyword-summary", text: `Summary mentions '${keyword.keyword}'` });
  if (matchedTag) return match({ kind: "tag", text: `Tagged ${matchedTag}` });
  if (rule.result && result !== null && isCall(item)) {
    return match({ kind: "result", text: resultReason(result, item.contacts.length > 0) });
  }
  return match({ kind: "rule", text: `Matched rule ${rule.id}` });
}

/** Every rule that fires for this event, judged on the fetched item. */
export function evaluateRules(
  rules: readonly NotificationRule[],
  event: RuleEvent,
  item: AlloItem,
): RuleMatch[] {
  return rules
    .map((rule) => evaluateRule(rule, event, item))
    .filter((match): match is RuleMatch => match !== null);
}
