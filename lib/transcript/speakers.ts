/**
 * The one place that turns a transcript segment's `source` into a party of the call.
 * Everything that names a speaker (transcript rows, speaker bar legend, copied text) uses it,
 * so a speaker is called the same everywhere.
 */
import type { AlloItem } from "@/lib/allo/item";

export type SpeakerKind = "teammate" | "contact" | "agent" | "other";

export type Speaker = {
  /** Stable identity for grouping and colours: the known source, or `other:<raw>`. */
  key: string;
  kind: SpeakerKind;
  /** Human name shown next to the segment. */
  label: string;
  /** One character for the badge (a letter of the name, or a symbol for agents/others). */
  badge: string;
};

type SpeakerContext = Pick<AlloItem, "user" | "contacts" | "contact_number"> & {
  /** Readable form of the caller's number when no contact matched (the phone book in the browser). */
  formatNumber?: (raw: string) => string;
};

/**
 * The first letter or digit of a name, so hostile or decorated names still get a sensible badge.
 * Locale-free upper-casing keeps server and browser output identical (no hydration mismatch).
 */
export function badgeFor(label: string): string {
  // A phone number is not a name: its first digit would read like a count, so use "#".
  if (/^\+?[\d\s().-]+$/.test(label.trim())) return "#";
  const match = /[\p{L}\p{N}]/u.exec(label);
  return match ? match[0].toUpperCase() : "?";
}

function nonEmpty(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

function teammateLabel(context: SpeakerContext): string {
  return nonEmpty(context.user?.name) ?? "Teammate";
}

export function contactLabel(context: SpeakerContext): string {
  const name = nonEmpty(context.contacts[0]?.name);
  if (name) return name;
  const number = nonEmpty(context.contact_number);
  return number ? (context.formatNumber?.(number) ?? number) : "Caller";
}

/**
 * Maps a raw `source` to the party who spoke.
 *
 * Known sources are matched case-insensitively because Allo has already drifted on casing
 * elsewhere (`type: "call"`). Unknown sources (e.g. `IVR`, `BOT`) are shown exactly as given,
 * per the house rule for open enums: the raw value is the most honest label we have, and an
 * invented prettification ("Ivr") would hide what the API actually said. They get their own
 * key so two unknown sources are still told apart, and a neutral "other" style.
 */
export function speakerForSource(source: string, context: SpeakerContext): Speaker {
  switch (source.trim().toUpperCase()) {
    case "USER": {
      const label = teammateLabel(context);
      return { key: "USER", kind: "teammate", label, badge: badgeFor(label) };
    }
    case "EXTERNAL": {
      const label = contactLabel(context);
      return { key: "EXTERNAL", kind: "contact", label, badge: badgeFor(label) };
    }
    case "AGENT":
      return { key: "AGENT", kind: "agent", label: "AI agent", badge: "AI" };
    default: {
      const raw = source.trim();
      return { key: `other:${raw}`, kind: "other", label: raw || "Unknown speaker", badge: "#" };
    }
  }
}

/** Resolves every source once per transcript (1,620 segments share a handful of sources). */
export function createSpeakerResolver(context: SpeakerContext): (source: string) => Speaker {
  const cache = new Map<string, Speaker>();
  return (source) => {
    let speaker = cache.get(source);
    if (!speaker) {
      speaker = speakerForSource(source, context);
      cache.set(source, speaker);
    }
    return speaker;
  };
}
