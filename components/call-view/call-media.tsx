"use client";

/**
 * The media block of a call page: the audio player (or why there is none), the speaker bar
 * and the transcript, all driven by one playback controller.
 */
import { usePhoneFormatter } from "@/components/ui/phone-book";
import { useMemo } from "react";
import type { AlloItem } from "@/lib/allo/item";
import { noRecordingReason, noTranscriptReason } from "@/lib/transcript/recording-notice";
import { MOMENT_PRE_ROLL_SECONDS } from "@/lib/items/notification-notice";
import { buildTimeline, resolveCurrentIndex } from "@/lib/transcript/timeline";
import { AudioPlayer } from "./audio-player";
import { SpeakerBar } from "./speaker-bar";
import { MicOffIcon } from "@/components/ui/icons";
import { TranscriptPanel } from "./transcript/transcript-panel";
import { usePlaybackController } from "./use-playback";

type CallMediaProps = {
  item: AlloItem;
  initialTimeSeconds: number | null;
  /** A moment to mark in the transcript and start a little before (a notification's reason). */
  moment: { seconds: number; label: string } | null;
};

export function CallMedia(props: CallMediaProps): React.JSX.Element {
  // Keyed so that navigating to another call starts with fresh playback state.
  return <CallMediaForItem key={props.item.id} {...props} />;
}

function CallMediaForItem({ item, initialTimeSeconds, moment }: CallMediaProps) {
  // The page refetches the item while its summary is pending; thanks to React Query's structural
  // sharing the transcript and people keep their identity then, so the timeline (and the search
  // index and rows built from it) survive those refetches.
  const { transcript, date, duration, user, contacts, contact_number } = item;
  const formatNumber = usePhoneFormatter();
  const timeline = useMemo(
    () => buildTimeline({ transcript, date, duration, user, contacts, contact_number }, formatNumber),
    [transcript, date, duration, user, contacts, contact_number, formatNumber],
  );
  // The server already rewrote `recording_url` to this dashboard's own streaming route.
  const recordingUrl = item.recording_url;
  const hasRecording = recordingUrl !== null;
  const momentIndex = moment ? resolveCurrentIndex(timeline.offsets, moment.seconds, null) : -1;
  const controller = usePlaybackController({
    hasRecording,
    durationSeconds: timeline.durationSeconds,
    initialTimeSeconds: moment ? Math.max(0, moment.seconds - MOMENT_PRE_ROLL_SECONDS) : initialTimeSeconds,
    initialHighlight:
      moment && momentIndex >= 0 ? { first: momentIndex, last: momentIndex, label: moment.label } : null,
  });
  const speakerBar =
    timeline.segments.length > 0 ? <SpeakerBar timeline={timeline} controller={controller} /> : null;
  const noRecording = noRecordingReason(item);

  return (
    <div className="flex flex-col gap-3 sm:gap-4">
      {recordingUrl !== null ? (
        <AudioPlayer controller={controller} recordingUrl={recordingUrl} downloadName={`${item.id}.mp3`}>
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
      <TranscriptPanel timeline={timeline} controller={controller} emptyMessage={noTranscriptReason(item)} />
    </div>
  );
}
