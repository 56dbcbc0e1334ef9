"use client";

/**
 * The media block of a call page: the audio player (or why there is none), the speaker bar
 * and the transcript, all driven by one playback controller.
 */
import type { ReactNode } from "react";
import type { AlloItem } from "@/lib/allo/item";
import { noRecordingReason, noTranscriptReason } from "@/lib/transcript/recording-notice";
import { AudioPlayer } from "./audio-player";
import { SpeakerBar } from "./speaker-bar";
import { MicOffIcon } from "@/components/ui/icons/player-icons";
import { TranscriptPanel } from "./transcript/transcript-panel";
import { useCallPlayback } from "./call-playback";
import type { TranscriptTexts } from "./use-hydrated-item";

/** The call's media: uses the playback shared through CallPlaybackProvider. */
export function CallMedia({
  item,
  texts,
  shortcutsHelp,
}: {
  item: AlloItem;
  texts: TranscriptTexts;
  /** The player's shortcut help, rendered on the server. */
  shortcutsHelp: ReactNode;
}): React.JSX.Element {
  const { timeline, controller } = useCallPlayback();
  // The server already rewrote `recording_url` to this dashboard's own streaming route.
  const recordingUrl = item.recording_url;
  const speakerBar =
    timeline.segments.length > 0 ? <SpeakerBar timeline={timeline} controller={controller} /> : null;
  const noRecording = noRecordingReason(item);

  return (
    <div className="flex flex-col gap-3 sm:gap-4">
      {recordingUrl !== null ? (
        <AudioPlayer
          controller={controller}
          recordingUrl={recordingUrl}
          downloadName={`${item.id}.mp3`}
          shortcutsHelp={shortcutsHelp}
        >
          {speakerBar}
        </AudioPlayer>
      ) : (
        <section
          aria-label="Recording"
          className="rounded-lg border border-zinc-200 bg-white p-3 shadow-xs sm:p-4 dark:border-zinc-800 dark:bg-zinc-900"
        >
          <p className="flex items-start gap-2 text-sm text-zinc-700 dark:text-zinc-300">
            <MicOffIcon className="mt-0.5 shrink-0 text-zinc-500 dark:text-zinc-400" />
            <span>
              <span className="font-medium text-zinc-900 dark:text-zinc-100">{noRecording}</span>
              {timeline.segments.length > 0 ? <span>. The transcript is still available below.</span> : null}
            </span>
          </p>
          {speakerBar}
        </section>
      )}
      <TranscriptPanel
        timeline={timeline}
        controller={controller}
        texts={texts}
        emptyMessage={noTranscriptReason(item)}
      />
    </div>
  );
}
