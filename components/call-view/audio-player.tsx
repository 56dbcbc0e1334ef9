"use client";

/**
 * Custom controls around a native `<audio preload="metadata">`: play/pause, a seek slider with a
 * spoken value, skip ±10 s, speed, download, "copy link to this moment" and keyboard shortcuts.
 * A broken recording shows an inline error with Retry; the transcript keeps working meanwhile.
 */
import { useEffect, useId, useRef, type ReactNode } from "react";
import { formatClock, formatSpokenDuration, linkToMoment } from "@/lib/format/time";
import {
  DownloadIcon,
  LinkIcon,
  PauseIcon,
  PlayIcon,
  SkipBackIcon,
  SkipForwardIcon,
} from "@/components/ui/icons/player-icons";
import { AlertIcon } from "@/components/ui/icons/status-icons";
import { buttonClass } from "@/components/ui/button-styles";
import { useCopyFeedback } from "@/components/ui/use-copy-feedback";
import { useDismissable } from "@/components/ui/use-dismissable";
import { SKIP_SECONDS } from "./skip-seconds";
import { useMediaShortcuts } from "./use-media-shortcuts";
import { usePlaybackSelector, type PlaybackController } from "./use-playback";

type AudioPlayerProps = {
  controller: PlaybackController;
  recordingUrl: string;
  downloadName: string;
  /** The "Keyboard shortcuts" disclosure's text (./shortcuts-help, rendered on the server). */
  shortcutsHelp: ReactNode;
  /** Rendered directly under the seek slider (the speaker bar). */
  children?: ReactNode;
};

const toolbarButton = buttonClass("ghost", "toolbar");

export function AudioPlayer({
  controller,
  recordingUrl,
  downloadName,
  shortcutsHelp,
  children,
}: AudioPlayerProps) {
  const { store, audioRef, audioEvents } = controller;
  const position = usePlaybackSelector(store, (state) => state.position);
  const duration = usePlaybackSelector(store, (state) => state.duration);
  const paused = usePlaybackSelector(store, (state) => state.paused);
  const rate = usePlaybackSelector(store, (state) => state.rate);
  const status = usePlaybackSelector(store, (state) => state.status);
  const [linkCopyState, copyLink] = useCopyFeedback();
  const headingId = useId();

  useMediaShortcuts(controller, status !== "error");
  // The audio may have loaded its metadata (or failed) before hydration attached the handlers.
  useEffect(() => controller.syncWithElement(), [controller]);
  const shortcutsDisclosure = useRef<HTMLDetailsElement>(null);
  useDismissable(shortcutsDisclosure);

  const withHours = duration >= 3600;
  const shownPosition = Math.min(position, duration || position);
  const unavailable = status === "error";

  return (
    <section
      aria-labelledby={headingId}
      // Lets tests and styles tell "metadata loaded" from "still loading" or "failed".
      data-status={status}
      className="rounded-lg border border-zinc-200 bg-white p-3 shadow-xs sm:p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h2 id={headingId} className="sr-only">
        Recording
      </h2>
      {/* Driven entirely by the controls below; the native UI would duplicate them. */}
      <audio ref={audioRef} src={recordingUrl} preload="metadata" className="hidden" {...audioEvents} />

      {unavailable ? (
        <div
          role="alert"
          className="mb-3 flex flex-wrap items-center gap-x-3 gap-y-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-900 dark:bg-red-950/50 dark:text-red-100"
        >
          <AlertIcon className="shrink-0" />
          <span className="min-w-0 flex-1">
            The recording could not be loaded. The transcript below still works.
          </span>
          <button
            type="button"
            onClick={controller.retry}
            className="h-8 rounded-md border border-red-300 bg-white px-3 font-medium text-red-900 hover:bg-red-100 dark:border-red-800 dark:bg-red-950 dark:text-red-100 dark:hover:bg-red-900"
          >
            Retry
          </button>
        </div>
      ) : null}

      <div className="flex flex-wrap items-center gap-x-2 gap-y-2">
        <button
          type="button"
          onClick={controller.togglePlay}
          disabled={unavailable}
          aria-label={paused ? "Play" : "Pause"}
          title={paused ? "Play (Space or K)" : "Pause (Space or K)"}
          className="inline-flex h-10 w-10 shrink-0 items-center justify-center rounded-full bg-blue-700 text-lg text-white hover:bg-blue-800 disabled:cursor-not-allowed disabled:opacity-50 dark:bg-blue-500 dark:text-zinc-950 dark:hover:bg-blue-400"
        >
          {paused ? <PlayIcon /> : <PauseIcon />}
        </button>
        <p className="font-mono text-sm text-zinc-700 tabular-nums dark:text-zinc-300">
          <span data-testid="player-current-time">{formatClock(shownPosition, withHours)}</span>
          <span aria-hidden="true" className="px-1 text-zinc-400 dark:text-zinc-500">
            /
          </span>
          <span className="sr-only"> of </span>
          {/* Rounded, like the header's duration, so "1 min 40 s" never reads "1:39" here. */}
          <span data-testid="player-total-time">{formatClock(Math.round(duration), withHours)}</span>
        </p>
        <div className="ml-auto flex items-center gap-0.5">
          <button
            type="button"
            onClick={() => controller.skip(-SKIP_SECONDS)}
            disabled={unavailable}
            aria-label={`Back ${SKIP_SECONDS} seconds`}
            title={`Back ${SKIP_SECONDS} s (J or ←)`}
            className={toolbarButton}
          >
            <SkipBackIcon />
            <span aria-hidden="true" className="text-xs tabular-nums">
              {SKIP_SECONDS}
            </span>
          </button>
          <button
            type="button"
            onClick={() => controller.skip(SKIP_SECONDS)}
            disabled={unavailable}
            aria-label={`Forward ${SKIP_SECONDS} seconds`}
            title={`Forward ${SKIP_SECONDS} s (L or →)`}
            className={toolbarButton}
          >
            <span aria-hidden="true" className="text-xs tabular-nums">
              {SKIP_SECONDS}
            </span>
            <SkipForwardIcon />
          </button>
          <button
            type="button"
            onClick={controller.cycleRate}
            disabled={unavailable}
            aria-label={`Playback speed ${rate}×`}
            title="Change playback speed"
            className={`${toolbarButton} min-w-12 font-medium tabular-nums`}
          >
            {rate}×
          </button>
        </div>
      </div>

      <div className="mt-2">
        <input
          type="range"
          min={0}
          max={Math.max(duration, 0)}
          step={1}
          value={shownPosition}
          onChange={(event) => controller.seek(Number(event.target.value))}
          aria-label="Seek"
          aria-valuetext={`${formatSpokenDuration(shownPosition)} of ${formatSpokenDuration(duration)}`}
          className="block h-5 w-full cursor-pointer accent-blue-700 dark:accent-blue-400"
        />
        {children}
      </div>

      <div className="mt-2 flex flex-wrap items-center gap-x-1 gap-y-1 border-t border-zinc-100 pt-2 dark:border-zinc-800">
        <button
          type="button"
          onClick={() => void copyLink(linkToMoment(window.location.href, store.get().position))}
          className={toolbarButton}
        >
          <LinkIcon />
          <span>
            Copy link<span className="sr-only sm:not-sr-only"> to this moment</span>
          </span>
        </button>
        <a href={recordingUrl} download={downloadName} className={toolbarButton}>
          <DownloadIcon />
          Download
        </a>
        <span
          role="status"
          aria-live="polite"
          className="px-1 text-sm font-medium text-emerald-800 dark:text-emerald-300"
        >
          {linkCopyState === "copied"
            ? "Link copied"
            : linkCopyState === "failed"
              ? "Could not copy the link"
              : ""}
        </span>
        {/* Phones rarely have a keyboard; the help would only push the transcript down. */}
        <details
          ref={shortcutsDisclosure}
          className="relative ml-auto text-sm text-zinc-700 max-sm:hidden dark:text-zinc-300"
        >
          <summary className="cursor-pointer rounded-md px-2 py-1.5 select-none hover:bg-zinc-100 dark:hover:bg-zinc-800">
            Keyboard shortcuts
          </summary>
          {/* Floats over the transcript instead of pushing it down while open. */}
          <div className="absolute right-0 z-10 mt-1 w-64 rounded-md border border-zinc-200 bg-white p-3 shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
            {shortcutsHelp}
          </div>
        </details>
      </div>
    </section>
  );
}
