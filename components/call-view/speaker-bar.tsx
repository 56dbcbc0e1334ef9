"use client";

/**
 * Who spoke when, across the whole call: one lane per speaker, drawn as a single SVG with one
 * path per lane (a 1,620-segment call is a handful of elements, not a thousand), plus a legend
 * with names and talk share. Clicking a lane position seeks there; keyboard users have the seek
 * slider right above, so the drawing itself is hidden from assistive technology.
 */
import { memo, type MouseEvent } from "react";
import { lanePath, laneRectangles, speakerSpans, talkShares, type Timeline } from "@/lib/transcript/timeline";
import { SPEAKER_STYLES } from "./transcript/speaker-badge";
import { usePlaybackSelector, type PlaybackController } from "./use-playback";

const LANE_HEIGHT = 6;
const LANE_GAP = 3;
/** Blocks shorter than this share of the call would vanish; draw them at least this wide. */
const MIN_BLOCK_SHARE = 0.002;

type SpeakerBarProps = { timeline: Timeline; controller: PlaybackController };

type Drawing = { shares: Map<string, number>; paths: Map<string, string> };

/** The bar's drawing, once per timeline (and the server renders every request from the same one). */
const drawings = new WeakMap<Timeline, Drawing>();

function drawingOf(timeline: Timeline): Drawing {
  let drawing = drawings.get(timeline);
  if (!drawing) {
    const spans = speakerSpans(timeline);
    const minWidth = timeline.durationSeconds * MIN_BLOCK_SHARE;
    const lanes = laneRectangles(spans, { minWidthSeconds: minWidth, minGapSeconds: minWidth });
    const paths = new Map(
      timeline.speakers.map((speaker, lane) => [
        speaker.key,
        lanePath(lanes.get(speaker.key) ?? [], lane * (LANE_HEIGHT + LANE_GAP), LANE_HEIGHT),
      ]),
    );
    drawing = { shares: talkShares(spans), paths };
    drawings.set(timeline, drawing);
  }
  return drawing;
}

export const SpeakerBar = memo(function SpeakerBar({ timeline, controller }: SpeakerBarProps) {
  const { speakers, durationSeconds } = timeline;
  const { shares, paths } = drawingOf(timeline);
  const height = speakers.length * LANE_HEIGHT + (speakers.length - 1) * LANE_GAP;

  const seekFromPointer = (event: MouseEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    if (box.width <= 0) return;
    const fraction = Math.min(1, Math.max(0, (event.clientX - box.left) / box.width));
    controller.seek(fraction * durationSeconds);
  };

  return (
    <div className="mt-1.5">
      <div
        data-testid="speaker-bar"
        onClick={seekFromPointer}
        title="Click to jump to this moment"
        className="relative cursor-pointer py-1"
      >
        <svg
          viewBox={`0 0 ${Math.max(durationSeconds, 1)} ${height}`}
          preserveAspectRatio="none"
          className="block w-full"
          style={{ height }}
          aria-hidden="true"
          focusable="false"
        >
          {speakers.map((speaker, lane) => (
            <rect
              key={speaker.key}
              x={0}
              y={lane * (LANE_HEIGHT + LANE_GAP)}
              width={Math.max(durationSeconds, 1)}
              height={LANE_HEIGHT}
              className="fill-zinc-100 dark:fill-zinc-800"
            />
          ))}
          {speakers.map((speaker) => (
            <path
              key={`${speaker.key}-blocks`}
              d={paths.get(speaker.key)}
              className={SPEAKER_STYLES[speaker.kind].fill}
            />
          ))}
        </svg>
        <Playhead controller={controller} durationSeconds={durationSeconds} />
      </div>
      <ul
        className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-700 dark:text-zinc-300"
        aria-label="Speakers"
      >
        {speakers.map((speaker) => (
          <li key={speaker.key} className="flex min-w-0 items-center gap-1.5">
            <span
              aria-hidden="true"
              className={`inline-block h-2 w-3 shrink-0 ${SPEAKER_STYLES[speaker.kind].swatch}`}
            />
            <bdi className="min-w-0 truncate">{speaker.label}</bdi>
            <span className="text-zinc-600 tabular-nums dark:text-zinc-400">
              {Math.round((shares.get(speaker.key) ?? 0) * 100)}%
              <span className="sr-only"> of talk time</span>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
});

/** The only part that moves during playback, so only it subscribes to the position. */
function Playhead({
  controller,
  durationSeconds,
}: {
  controller: PlaybackController;
  durationSeconds: number;
}) {
  // Measured against the drawn timeline, not the audio's own duration, so it lines up with the blocks.
  const fraction = usePlaybackSelector(controller.store, (state) =>
    durationSeconds > 0 ? Math.min(1, Math.max(0, state.position / durationSeconds)) : 0,
  );
  return (
    <span
      aria-hidden="true"
      className="pointer-events-none absolute inset-y-0 w-0.5 -translate-x-1/2 rounded-full bg-zinc-900 dark:bg-zinc-100"
      style={{ left: `${fraction * 100}%` }}
    />
  );
}
