"use client";

/**
 * Playback state shared by the player, the speaker bar and the transcript.
 *
 * The state lives in a tiny external store rather than React state at the top of the media
 * block: `timeupdate` fires several times a second, and only the few components that show the
 * position should re-render, not the transcript list. Components read it through
 * `usePlaybackSelector`, which re-renders them only when the selected value changes.
 */
import { useState, useSyncExternalStore, type RefObject, type SyntheticEvent } from "react";

export type PlaybackStatus = "no-recording" | "loading" | "ready" | "error";

export type PlaybackState = {
  /** Seconds: the audio position, or without a recording the moment the agent picked. */
  position: number;
  /** Seconds: the call's duration until the recording's metadata says otherwise. */
  duration: number;
  paused: boolean;
  rate: number;
  status: PlaybackStatus;
  /** The segment the agent explicitly picked, to disambiguate segments sharing a start time. */
  chosenIndex: number | null;
  /**
   * Whether the transcript keeps the current segment in view. Manual scrolling and search turn
   * it off; any explicit seek (slider, speaker bar, skip, a segment) turns it back on, because
   * the agent just asked to go to that moment.
   */
  following: boolean;
  /**
   * Segments marked for the agent: the moment a notification was about, or the evidence of a
   * summary sentence. Shown apart from the current segment (playback starts a little before).
   */
  highlight: TranscriptHighlight | null;
};

export type TranscriptHighlight = { first: number; last: number; label: string };

type Listener = () => void;

export type PlaybackStore = {
  get: () => PlaybackState;
  set: (patch: Partial<PlaybackState>) => void;
  subscribe: (listener: Listener) => () => void;
};

export function createPlaybackStore(initial: PlaybackState): PlaybackStore {
  let state = initial;
  const listeners = new Set<Listener>();
  return {
    get: () => state,
    set: (patch) => {
      const next = { ...state, ...patch };
      const changed = (Object.keys(patch) as (keyof PlaybackState)[]).some((key) => next[key] !== state[key]);
      if (!changed) return;
      state = next;
      for (const listener of listeners) listener();
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Subscribes to one derived value; the selector must return a primitive (or a stable reference). */
export function usePlaybackSelector<T>(store: PlaybackStore, select: (state: PlaybackState) => T): T {
  const snapshot = () => select(store.get());
  return useSyncExternalStore(store.subscribe, snapshot, snapshot);
}

const PLAYBACK_RATES = [1, 1.25, 1.5, 2, 0.75] as const;

export type SeekOptions = {
  play?: boolean;
  segmentIndex?: number;
  /** Marks these segments; any other seek clears the mark. */
  highlight?: TranscriptHighlight;
};

export type PlaybackController = {
  store: PlaybackStore;
  audioRef: RefObject<HTMLAudioElement | null>;
  hasRecording: boolean;
  seek: (seconds: number, options?: SeekOptions) => void;
  skip: (deltaSeconds: number) => void;
  togglePlay: () => void;
  cycleRate: () => void;
  retry: () => void;
  setFollowing: (following: boolean) => void;
  /** Spread on the `<audio>` element. */
  audioEvents: {
    onLoadedMetadata: (event: SyntheticEvent<HTMLAudioElement>) => void;
    onTimeUpdate: (event: SyntheticEvent<HTMLAudioElement>) => void;
    onPlay: () => void;
    onPause: () => void;
    onEnded: () => void;
    onRateChange: (event: SyntheticEvent<HTMLAudioElement>) => void;
    onError: () => void;
  };
  /** Catches up with events the audio fired before hydration attached the handlers. */
  syncWithElement: () => void;
};

/** `HTMLMediaElement.HAVE_METADATA`, spelled out so this module also loads where the DOM does not exist. */
const HAVE_METADATA = 1;

type ControllerOptions = {
  hasRecording: boolean;
  durationSeconds: number;
  initialTimeSeconds: number | null;
  initialHighlight?: TranscriptHighlight | null;
};

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

export function createPlaybackController({
  hasRecording,
  durationSeconds,
  initialTimeSeconds,
  initialHighlight = null,
}: ControllerOptions): PlaybackController {
  const initialPosition =
    initialTimeSeconds === null ? 0 : clamp(initialTimeSeconds, 0, durationSeconds || initialTimeSeconds);
  const store = createPlaybackStore({
    position: initialPosition,
    duration: durationSeconds,
    paused: true,
    rate: 1,
    status: hasRecording ? "loading" : "no-recording",
    chosenIndex: null,
    following: true,
    highlight: initialHighlight,
  });
  const audioRef: RefObject<HTMLAudioElement | null> = { current: null };
  // A position to apply once the audio knows its metadata (deep link, or a seek before it loaded).
  let pendingSeek: number | null = initialPosition > 0 ? initialPosition : null;

  const usableAudio = () => (hasRecording && store.get().status !== "error" ? audioRef.current : null);

  const applyPendingSeek = (audio: HTMLAudioElement) => {
    if (pendingSeek === null) return;
    audio.currentTime = pendingSeek;
    pendingSeek = null;
  };

  const play = (audio: HTMLAudioElement) => {
    // Autoplay policies may refuse; the button simply stays on "Play" then.
    audio.play().catch(() => store.set({ paused: audio.paused }));
  };

  const onMetadata = (audio: HTMLAudioElement) => {
    const duration =
      Number.isFinite(audio.duration) && audio.duration > 0 ? audio.duration : store.get().duration;
    // Loading resets the rate to the default; keep the agent's choice across retries.
    audio.defaultPlaybackRate = store.get().rate;
    audio.playbackRate = store.get().rate;
    applyPendingSeek(audio);
    store.set({ duration, status: "ready", position: clamp(store.get().position, 0, duration) });
  };

  const seek = (seconds: number, options: SeekOptions = {}) => {
    const { duration } = store.get();
    const position = clamp(seconds, 0, duration > 0 ? duration : seconds);
    store.set({
      position,
      chosenIndex: options.segmentIndex ?? null,
      following: true,
      highlight: options.highlight ?? null,
    });
    const audio = usableAudio();
    if (!audio) return;
    if (audio.readyState >= HAVE_METADATA) audio.currentTime = position;
    else pendingSeek = position;
    if (options.play) play(audio);
  };

  return {
    store,
    audioRef,
    hasRecording,
    seek,
    skip: (deltaSeconds) => seek(store.get().position + deltaSeconds),
    togglePlay: () => {
      const audio = usableAudio();
      if (!audio) return;
      if (audio.paused) play(audio);
      else audio.pause();
    },
    cycleRate: () => {
      const index = PLAYBACK_RATES.indexOf(store.get().rate as (typeof PLAYBACK_RATES)[number]);
      const rate = PLAYBACK_RATES[(index + 1) % PLAYBACK_RATES.length] ?? 1;
      store.set({ rate });
      const audio = audioRef.current;
      if (audio) {
        audio.defaultPlaybackRate = rate;
        audio.playbackRate = rate;
      }
    },
    setFollowing: (following) => store.set({ following }),
    retry: () => {
      const audio = audioRef.current;
      if (!audio) return;
      pendingSeek = store.get().position > 0 ? store.get().position : null;
      store.set({ status: "loading", paused: true });
      audio.load();
    },
    audioEvents: {
      onLoadedMetadata: (event) => onMetadata(event.currentTarget),
      onTimeUpdate: (event) => {
        // Until a pending seek lands, the element still reports 0: keep showing the target.
        if (pendingSeek !== null) return;
        store.set({ position: event.currentTarget.currentTime });
      },
      onPlay: () => store.set({ paused: false }),
      onPause: () => store.set({ paused: true }),
      onEnded: () => store.set({ paused: true }),
      onRateChange: (event) => store.set({ rate: event.currentTarget.playbackRate }),
      onError: () => store.set({ status: "error", paused: true }),
    },
    syncWithElement: () => {
      const audio = audioRef.current;
      if (!audio || !hasRecording) return;
      if (audio.error) store.set({ status: "error", paused: true });
      else if (audio.readyState >= HAVE_METADATA) onMetadata(audio);
    },
  };
}

/** One controller per mounted media block (the block is keyed by item id). */
export function usePlaybackController(options: ControllerOptions): PlaybackController {
  const [controller] = useState(() => createPlaybackController(options));
  return controller;
}
