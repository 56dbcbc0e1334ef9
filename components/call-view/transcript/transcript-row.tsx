"use client";

/**
 * One transcript segment. Memoised: when playback moves on, only the row that stops being
 * current and the row that becomes current re-render, whatever the transcript's length.
 */
import { memo, type MouseEvent, type RefCallback } from "react";
import { formatClock } from "@/lib/format/time";
import { splitByHits } from "@/lib/transcript/search";
import type { TimelineSegment } from "@/lib/transcript/timeline";
import { SPEAKER_STYLES, SpeakerBadge } from "./speaker-badge";

export type RowHit = { start: number; end: number; ordinal: number };

type TranscriptRowProps = {
  segment: TimelineSegment;
  segmentCount: number;
  isCurrent: boolean;
  /** Why this segment is marked (a notification's moment, a summary's evidence), or null. */
  highlightLabel: string | null;
  withHours: boolean;
  hasRecording: boolean;
  /** This segment's search hits (a stable array per search), or undefined. */
  hits: RowHit[] | undefined;
  /** Ordinal of the active search hit if it is in this segment, else -1. */
  activeHitOrdinal: number;
  onSelect: (index: number) => void;
  measureRef: RefCallback<HTMLLIElement>;
};

const NO_HITS: RowHit[] = [];

export const TranscriptRow = memo(function TranscriptRow({
  segment,
  segmentCount,
  isCurrent,
  highlightLabel,
  withHours,
  hasRecording,
  hits,
  activeHitOrdinal,
  onSelect,
  measureRef,
}: TranscriptRowProps) {
  const clock = formatClock(segment.offsetSeconds, withHours);
  const style = SPEAKER_STYLES[segment.speaker.kind];
  const pieces = splitByHits(segment.text, hits ?? NO_HITS);

  const selectFromRow = (event: MouseEvent<HTMLLIElement>) => {
    // Selecting text to copy a quote must not jump the recording.
    if (window.getSelection()?.toString()) return;
    if (event.target instanceof HTMLElement && event.target.closest("button")) return;
    onSelect(segment.index);
  };

  return (
    // The row click is a mouse shortcut; the time button is the keyboard-accessible equivalent.
    <li
      ref={measureRef}
      data-index={segment.index}
      data-testid="transcript-segment"
      data-speaker={segment.speaker.key}
      aria-current={isCurrent ? "true" : undefined}
      data-highlighted={highlightLabel !== null ? "true" : undefined}
      aria-posinset={segment.index + 1}
      aria-setsize={segmentCount}
      onClick={selectFromRow}
      className={`cursor-pointer border-l-4 pr-3 ${segment.startsGroup ? "pt-2.5" : "pt-0.5"} pb-1 ${
        isCurrent
          ? "border-blue-600 bg-blue-50 dark:border-blue-400 dark:bg-blue-950/50"
          : highlightLabel !== null
            ? "border-amber-500 bg-amber-50 dark:border-amber-400 dark:bg-amber-950/40"
            : "border-transparent hover:bg-zinc-50 dark:hover:bg-zinc-800/50"
      }`}
    >
      {highlightLabel !== null ? <span className="sr-only">{highlightLabel}: </span> : null}
      <div className={`pl-2 sm:pl-3 ${style.indent}`}>
        {segment.startsGroup ? (
          <div className="mb-0.5 flex items-center gap-2">
            <SpeakerBadge speaker={segment.speaker} />
            <span
              dir="auto"
              className="min-w-0 truncate text-sm font-semibold text-zinc-900 dark:text-zinc-100"
            >
              {segment.speaker.label}
            </span>
          </div>
        ) : null}
        <div className="flex items-baseline gap-2 sm:gap-3">
          <button
            type="button"
            onClick={() => onSelect(segment.index)}
            aria-label={`${hasRecording ? "Play from" : "Go to"} ${clock}`}
            className={`shrink-0 rounded px-1 py-0.5 font-mono text-xs tabular-nums hover:bg-zinc-200 hover:text-zinc-900 dark:hover:bg-zinc-700 dark:hover:text-zinc-50 ${
              isCurrent ? "font-bold text-blue-800 dark:text-blue-200" : "text-zinc-600 dark:text-zinc-400"
            }`}
          >
            {clock}
          </button>
          {segment.startsGroup ? null : <span className="sr-only">{segment.speaker.label}: </span>}
          {segment.withheldLines > 0 ? (
            <WithheldText lines={segment.withheldLines} />
          ) : (
            /* dir="auto": Arabic or Hebrew segments read and align right-to-left. */
            <p
              dir="auto"
              className="min-w-0 flex-1 text-sm leading-6 break-words whitespace-pre-line text-zinc-800 dark:text-zinc-200"
            >
              {pieces.map((piece, position) =>
                piece.hitOrdinal === null ? (
                  piece.text
                ) : (
                  <mark
                    key={position}
                    data-active-hit={piece.hitOrdinal === activeHitOrdinal ? "true" : undefined}
                    className={
                      piece.hitOrdinal === activeHitOrdinal
                        ? "rounded-sm bg-amber-300 text-zinc-950 outline-2 outline-amber-600 dark:bg-amber-300 dark:text-zinc-950 dark:outline-amber-200"
                        : "rounded-sm bg-yellow-200 text-zinc-950 dark:bg-yellow-200/80 dark:text-zinc-950"
                    }
                  >
                    {piece.text}
                  </mark>
                ),
              )}
            </p>
          )}
        </div>
      </div>
    </li>
  );
});

/** Bars the height of a text that is still on its way (a long call's first load left it out). */
function WithheldText({ lines }: { lines: number }) {
  return (
    <span aria-busy="true" className="min-w-0 flex-1">
      <span className="sr-only">Loading this segment…</span>
      {Array.from({ length: lines }, (_, line) => (
        <span
          key={line}
          aria-hidden="true"
          className={`my-[0.4375rem] block h-2.5 rounded bg-zinc-200 dark:bg-zinc-800 ${line === lines - 1 && lines > 1 ? "w-2/3" : ""}`}
        />
      ))}
    </span>
  );
}
