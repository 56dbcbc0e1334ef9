"use client";

/**
 * One playback controller and one timeline per call page, shared by everything that seeks: the
 * player, the speaker bar, the transcript, and the summary's evidence links. Keyed by item id
 * by its parent, so another call starts with fresh playback state.
 */
import { createContext, useContext, useMemo, type ReactNode } from "react";
import type { PublicItem } from "@/lib/items/public-item";
import { MOMENT_PRE_ROLL_SECONDS } from "@/lib/items/notification-notice";
import { resolveCurrentIndex, timelineOf, type Timeline } from "@/lib/transcript/timeline";
import { usePhoneFormatter } from "@/components/ui/phone-book";
import { usePlaybackController, type PlaybackController } from "./use-playback";

type CallPlayback = { timeline: Timeline; controller: PlaybackController };

const CallPlaybackContext = createContext<CallPlayback | null>(null);

export function CallPlaybackProvider({
  item,
  initialTimeSeconds,
  moment,
  children,
}: {
  item: PublicItem;
  /** From `?t=`: where the player starts. */
  initialTimeSeconds: number | null;
  /** A moment to mark and start a little before (a notification's reason); wins over `?t=`. */
  moment: { seconds: number; label: string } | null;
  children: ReactNode;
}) {
  // The page refetches the item while its summary is pending; thanks to React Query's structural
  // sharing the transcript and people keep their identity then, so the timeline (and the search
  // index and rows built from it) survive those refetches.
  const { transcript, transcript_partial, date, duration, user, contacts, contact_number } = item;
  const formatNumber = usePhoneFormatter();
  const timeline = useMemo(
    () =>
      timelineOf(
        { transcript, transcript_partial, date, duration, user, contacts, contact_number },
        formatNumber,
      ),
    [transcript, transcript_partial, date, duration, user, contacts, contact_number, formatNumber],
  );
  const momentIndex = moment ? resolveCurrentIndex(timeline.offsets, moment.seconds, null) : -1;
  const controller = usePlaybackController({
    hasRecording: item.recording_url !== null,
    durationSeconds: timeline.durationSeconds,
    initialTimeSeconds: moment ? Math.max(0, moment.seconds - MOMENT_PRE_ROLL_SECONDS) : initialTimeSeconds,
    initialHighlight:
      moment && momentIndex >= 0 ? { first: momentIndex, last: momentIndex, label: moment.label } : null,
  });
  const value = useMemo(() => ({ timeline, controller }), [timeline, controller]);
  return <CallPlaybackContext.Provider value={value}>{children}</CallPlaybackContext.Provider>;
}

export function useCallPlayback(): CallPlayback {
  const playback = useContext(CallPlaybackContext);
  if (!playback) throw new Error("useCallPlayback must be used inside CallPlaybackProvider");
  return playback;
}
