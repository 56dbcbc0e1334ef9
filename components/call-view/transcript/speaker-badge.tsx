/**
 * How each kind of speaker looks. Colour is never the only cue: every kind also has its own
 * badge shape and border (round / square / dashed / dotted), and the transcript indents our
 * side of the call (teammate, AI agent).
 */
import type { Speaker, SpeakerKind } from "@/lib/transcript/speakers";

type SpeakerStyle = {
  badge: string;
  /** Fill of the speaker bar blocks and legend swatches. */
  fill: string;
  swatch: string;
  /** Indentation of the segment rows. */
  indent: string;
};

export const SPEAKER_STYLES: Record<SpeakerKind, SpeakerStyle> = {
  contact: {
    badge:
      "rounded-full border border-amber-300 bg-amber-100 text-amber-900 dark:border-amber-700 dark:bg-amber-900/50 dark:text-amber-100",
    fill: "fill-amber-500 dark:fill-amber-400",
    swatch: "rounded-full bg-amber-500 dark:bg-amber-400",
    indent: "",
  },
  teammate: {
    badge:
      "rounded-md border border-indigo-300 bg-indigo-100 text-indigo-900 dark:border-indigo-700 dark:bg-indigo-900/50 dark:text-indigo-100",
    fill: "fill-indigo-500 dark:fill-indigo-400",
    swatch: "rounded-sm bg-indigo-500 dark:bg-indigo-400",
    indent: "pl-6 sm:pl-10",
  },
  agent: {
    badge:
      "rounded-full border border-dashed border-emerald-700 bg-emerald-50 text-emerald-900 dark:border-emerald-400 dark:bg-emerald-900/40 dark:text-emerald-100",
    fill: "fill-emerald-500 dark:fill-emerald-400",
    swatch:
      "rounded-full border border-dashed border-emerald-800 bg-emerald-500 dark:border-emerald-200 dark:bg-emerald-400",
    indent: "pl-6 sm:pl-10",
  },
  other: {
    badge:
      "rounded-md border border-dotted border-zinc-500 bg-zinc-100 text-zinc-800 dark:border-zinc-400 dark:bg-zinc-800 dark:text-zinc-100",
    fill: "fill-zinc-400 dark:fill-zinc-500",
    swatch:
      "rounded-sm border border-dotted border-zinc-700 bg-zinc-400 dark:border-zinc-200 dark:bg-zinc-500",
    indent: "",
  },
};

export function SpeakerBadge({ speaker, size = "md" }: { speaker: Speaker; size?: "sm" | "md" }) {
  const dimensions = size === "sm" ? "h-5 min-w-5 text-[10px]" : "h-6 min-w-6 text-[11px]";
  return (
    <span
      aria-hidden="true"
      className={`inline-flex shrink-0 items-center justify-center px-1 font-semibold leading-none ${dimensions} ${SPEAKER_STYLES[speaker.kind].badge}`}
    >
      {speaker.badge}
    </span>
  );
}
