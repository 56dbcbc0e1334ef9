/**
 * Human labels for Allo's enum-like fields. Allo may add values at any time: an unknown value
 * is humanised from the raw text (`HANDLED_BY_AI` → `Handled by AI`), never hidden or replaced
 * by a generic "Other".
 */
import { isKnownCallResult, type KnownCallResult } from "@/lib/allo/item";

/** Tones the badge primitive knows; each maps to one calm colour pair in light and dark. */
export type Tone = "neutral" | "blue" | "green" | "grey" | "amber" | "red";

const ACRONYMS = new Set(["ai", "sms", "mms", "ivr", "crm", "pdf", "id", "url", "api", "pbx", "voip"]);

/** `HANDLED_BY_AI` → `Handled by AI`; `in negotiation` stays readable; empty input stays empty. */
export function humanizeEnum(raw: string): string {
  const words = raw
    .trim()
    .split(/[\s_]+/)
    .filter(Boolean);
  if (words.length === 0) return raw;
  return words
    .map((word, index) => {
      const lower = word.toLowerCase();
      if (ACRONYMS.has(lower)) return lower.toUpperCase();
      return index === 0 ? lower.charAt(0).toUpperCase() + lower.slice(1) : lower;
    })
    .join(" ");
}

const RESULT_LABELS: Record<KnownCallResult, { label: string; tone: Tone }> = {
  ANSWERED: { label: "Answered", tone: "green" },
  MISSED: { label: "Missed", tone: "red" },
  VOICEMAIL: { label: "Voicemail", tone: "amber" },
  TRANSFERRED: { label: "Transferred", tone: "blue" },
  TRANSFERRED_AI: { label: "Transferred to AI", tone: "blue" },
  TRANSFERRED_EXTERNAL: { label: "Transferred to an external number", tone: "blue" },
  BLOCKED: { label: "Blocked", tone: "grey" },
  FAILED: { label: "Failed", tone: "red" },
};

export function callResultLabel(result: string): { label: string; tone: Tone; known: boolean } {
  const upper = result.toUpperCase();
  return isKnownCallResult(upper)
    ? { ...RESULT_LABELS[upper], known: true }
    : { label: humanizeEnum(result), tone: "neutral", known: false };
}

export type DirectionLabel = { label: string; kind: "inbound" | "outbound" | "other" };

export function directionLabel(direction: string): DirectionLabel {
  const upper = direction.toUpperCase();
  if (upper === "INBOUND") return { label: "Inbound", kind: "inbound" };
  if (upper === "OUTBOUND") return { label: "Outbound", kind: "outbound" };
  return { label: humanizeEnum(direction), kind: "other" };
}

const MESSAGE_STATUS_LABELS: Record<string, { label: string; tone: Tone }> = {
  PENDING: { label: "Pending", tone: "amber" },
  SENT: { label: "Sent", tone: "blue" },
  DELIVERED: { label: "Delivered", tone: "green" },
  RECEIVED: { label: "Received", tone: "green" },
  FAILED: { label: "Failed", tone: "red" },
  UNDELIVERED: { label: "Undelivered", tone: "red" },
};

/** Delivery status of a message; unknown statuses are shown exactly as Allo sent them. */
export function messageStatusLabel(status: string): { label: string; tone: Tone; known: boolean } {
  const known = MESSAGE_STATUS_LABELS[status.toUpperCase()];
  return known ? { ...known, known: true } : { label: status, tone: "neutral", known: false };
}

/** `SMS`/`MMS` stay as they are; anything else is shown as given. */
export function messageTypeLabel(messageType: string | null): string {
  if (messageType === null) return "Text message";
  return messageType;
}

/**
 * CRM deal statuses are free-form ("OPEN", "closed won", "Proposal sent"): the text is always
 * shown as given, only its colour is derived from a normalised form.
 */
export function dealStatusTone(status: string | null): Tone {
  if (status === null) return "neutral";
  const normalised = status
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, " ");
  if (["open", "qualified", "in negotiation", "negotiation"].includes(normalised)) return "blue";
  if (["won", "closed won"].includes(normalised)) return "green";
  if (["lost", "closed lost"].includes(normalised)) return "grey";
  return "neutral";
}
