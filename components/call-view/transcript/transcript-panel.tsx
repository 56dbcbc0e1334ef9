"use client";

/**
 * The transcript: a virtualised, searchable list of segments that follows playback.
 *
 * - Windowed (use-windowed-rows.ts), rows in normal flow between two spacers: the server
 *   renders the first rows (for an assumed viewport), hydration renders the same ones at the
 *   same place, and only rows below the fold are swapped for spacer afterwards, so nothing shifts.
 * - The current segment comes from a binary search over precomputed offsets, read through a
 *   store selector: a `timeupdate` only re-renders this list when the segment actually changes,
 *   and then only the two rows whose `isCurrent` flipped (rows are memoised).
 * - Auto-follow scrolls this container only (never the page) and pauses as soon as the agent
 *   scrolls it by wheel, touch, keyboard or scrollbar; "Back to current" resumes it.
 */
import { formatCount } from "@/lib/format/count";
import {
  useCallback,
  useDeferredValue,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
} from "react";
import { buildSearchIndex, findHits, hitsBySegment, stepHit, type SearchHit } from "@/lib/transcript/search";
import { estimatedLines } from "@/lib/transcript/first-load";
import { resolveCurrentIndex, type Timeline } from "@/lib/transcript/timeline";
import { transcriptToText } from "@/lib/transcript/to-text";
import { useCopyFeedback } from "@/components/ui/use-copy-feedback";
import { usePlaybackSelector, type PlaybackController } from "../use-playback";
import type { TranscriptTexts } from "../use-hydrated-item";
import { buttonClass } from "@/components/ui/button-styles";
import { CopyIcon } from "@/components/ui/icons/copy-icons";
import { FollowIcon } from "@/components/ui/icons/transcript-icons";
import { TranscriptRow, type RowHit } from "./transcript-row";
import { TranscriptSearch } from "./transcript-search";
import { useWindowedRows } from "./use-windowed-rows";

/** Rough row heights for rows not measured yet; real heights replace them once rendered. */
const LINE_PX = 24;
const ROW_PADDING_PX = 8;
const GROUP_HEADING_PX = 34;
/**
 * The list's height the server renders rows for: a little more than the tallest the list gets
 * (60vh on a tall phone, 28rem from the sm breakpoint), so the first paint has every visible
 * row while a long call's HTML and hydration stay small. A short call fits whole.
 */
const FIRST_PAINT_HEIGHT_PX = 640;
const OVERSCAN_ROWS = 8;
const BACK_TO_CURRENT_ROOM_PX = 48;

/** Keys that scroll a focused scroll container (Space is the play/pause shortcut here). */
const SCROLL_KEYS = new Set(["ArrowUp", "ArrowDown", "PageUp", "PageDown", "Home", "End"]);

const NO_HITS: SearchHit[] = [];

type TranscriptPanelProps = {
  timeline: Timeline;
  controller: PlaybackController;
  /** Whether the texts a long call's first load left out have arrived. */
  texts: TranscriptTexts;
  /** Shown instead of the list when there is no transcript. */
  emptyMessage: string;
};

export function TranscriptPanel({ timeline, controller, texts, emptyMessage }: TranscriptPanelProps) {
  const headingId = useId();
  const count = timeline.segments.length;
  return (
    <section
      id="call-transcript"
      aria-labelledby={headingId}
      className="relative scroll-mt-3 rounded-lg border border-zinc-200 bg-white shadow-xs dark:border-zinc-800 dark:bg-zinc-900"
    >
      {count === 0 ? (
        <div className="px-3 py-3 sm:px-4">
          <h2 id={headingId} className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">
            Transcript
          </h2>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{emptyMessage}</p>
        </div>
      ) : (
        <TranscriptBody timeline={timeline} controller={controller} texts={texts} headingId={headingId} />
      )}
    </section>
  );
}

function TranscriptBody({
  timeline,
  controller,
  texts,
  headingId,
}: {
  timeline: Timeline;
  controller: PlaybackController;
  texts: TranscriptTexts;
  headingId: string;
}) {
  const { segments, offsets, withHours } = timeline;
  const scrollRef = useRef<HTMLDivElement>(null);
  const following = usePlaybackSelector(controller.store, (state) => state.following);
  const { setFollowing } = controller;
  const [copyState, copy] = useCopyFeedback();

  const estimateSize = useCallback(
    (index: number) => {
      const segment = segments[index];
      if (!segment) return LINE_PX + ROW_PADDING_PX;
      const lines = segment.withheldLines || estimatedLines(segment.text);
      return lines * LINE_PX + ROW_PADDING_PX + (segment.startsGroup ? GROUP_HEADING_PX : 0);
    },
    [segments],
  );
  const windowed = useWindowedRows({
    count: segments.length,
    estimateSize,
    scrollRef,
    initialHeight: FIRST_PAINT_HEIGHT_PX,
    overscan: OVERSCAN_ROWS,
    // While "Back to current" floats over the list, leave room so the last rows can scroll above it.
    paddingEnd: following ? 0 : BACK_TO_CURRENT_ROOM_PX,
  });

  const currentIndex = usePlaybackSelector(controller.store, (state) =>
    resolveCurrentIndex(offsets, state.position, state.chosenIndex),
  );
  const highlight = usePlaybackSelector(controller.store, (state) => state.highlight);

  // --- Search -------------------------------------------------------------------------------
  const [query, setQuery] = useState("");
  const deferredQuery = useDeferredValue(query);
  // Built on the first search, not on load: folding 1,620 texts is work the first paint of a
  // long call should not pay for, and most visits never search; once built it is kept.
  const [indexWanted, setIndexWanted] = useState(false);
  // A search needs every text: until a long call's texts have all arrived, it waits for them.
  const searchable = indexWanted && timeline.complete;
  const searchIndex = useMemo(
    () => (searchable ? buildSearchIndex(segments.map((segment) => segment.text)) : null),
    [segments, searchable],
  );
  const hits = useMemo(
    () => (searchIndex ? findHits(searchIndex, deferredQuery) : NO_HITS),
    [searchIndex, deferredQuery],
  );
  const hitsForRow = useMemo(() => hitsBySegment(hits), [hits]);
  // The cursor belongs to one hit list; a new search starts again at its first hit.
  const [cursor, setCursor] = useState<{ hits: SearchHit[]; ordinal: number }>({ hits, ordinal: -1 });
  const activeHit = cursor.hits === hits ? cursor.ordinal : hits.length > 0 ? 0 : -1;
  const activeHitSegment = activeHit >= 0 ? (hits[activeHit]?.segmentIndex ?? -1) : -1;

  // Until the agent scrolls by hand, the active search hit is kept in view like the playhead is.
  const [showingHit, setShowingHit] = useState(false);

  const onQueryChange = (next: string) => {
    setQuery(next);
    if (next.trim()) setIndexWanted(true);
    if (next.trim() && !timeline.complete) texts.request();
    // Reading search results while the call plays: do not yank the list back to the playhead.
    if (next.trim()) {
      setFollowing(false);
      setShowingHit(true);
    }
  };
  const onStep = (direction: 1 | -1) => {
    if (hits.length === 0) return;
    setCursor({ hits, ordinal: stepHit(activeHit, hits.length, direction) });
    setFollowing(false);
    setShowingHit(true);
  };

  // --- Keeping the playhead (or the active hit) in view ------------------------------------------
  const keepInView = following ? currentIndex : showingHit ? activeHitSegment : -1;
  // Rows far from the viewport only have estimated heights until rendered; when real heights
  // arrive (the total changes) after a long jump, check again so the target really ends up shown.
  const { totalSize, rowBounds, scrollToIndex } = windowed;
  useEffect(() => {
    if (keepInView < 0) return;
    const container = scrollRef.current;
    const row = rowBounds(keepInView);
    if (!container || !row) return;
    const visible =
      row.start >= container.scrollTop && row.end <= container.scrollTop + container.clientHeight;
    if (!visible) scrollToIndex(keepInView);
  }, [keepInView, totalSize, rowBounds, scrollToIndex]);

  const pauseFollowing = () => {
    setFollowing(false);
    setShowingHit(false);
  };
  const onContainerKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (SCROLL_KEYS.has(event.key) && !event.altKey && !event.ctrlKey && !event.metaKey) pauseFollowing();
  };
  const onContainerMouseDown = (event: MouseEvent<HTMLDivElement>) => {
    // A press on the container itself (not a row) is a press on its scrollbar.
    if (event.target === event.currentTarget) pauseFollowing();
  };

  const onSelect = useCallback(
    (index: number) => {
      const segment = segments[index];
      if (!segment) return;
      controller.seek(segment.offsetSeconds, { play: controller.hasRecording, segmentIndex: index });
    },
    [segments, controller],
  );

  const { rows, paddingTop, paddingBottom } = windowed;
  // A row shown without its text (a long call's first load left it out) asks for the rest.
  const showsWithheldText = rows.some((row) => (segments[row.index]?.withheldLines ?? 0) > 0);
  const { request: requestTexts } = texts;
  useEffect(() => {
    if (showsWithheldText) requestTexts();
  }, [showsWithheldText, requestTexts]);
  const copyTranscript = () => {
    if (timeline.complete) void copy(transcriptToText(timeline));
    else texts.request();
  };
  const countLabel = `${formatCount(segments.length)} ${segments.length === 1 ? "segment" : "segments"}`;

  return (
    <>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 pt-3 sm:px-4">
        <h2 id={headingId} className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">
          Transcript
        </h2>
        <span className="text-xs text-zinc-600 dark:text-zinc-400">{countLabel}</span>
        <div className="ml-auto flex items-center gap-2">
          <span role="status" aria-live="polite" className="text-xs text-zinc-700 dark:text-zinc-300">
            {copyState === "copied"
              ? "Transcript copied"
              : copyState === "failed"
                ? "Could not copy the transcript"
                : ""}
          </span>
          <button
            type="button"
            onClick={copyTranscript}
            // Clickable (it asks for the texts at once), but says it cannot copy yet.
            aria-disabled={!timeline.complete || undefined}
            title={timeline.complete ? undefined : "The rest of the transcript is still loading"}
            className={buttonClass("secondary", "compact")}
          >
            <CopyIcon />
            <span>
              Copy<span className="sr-only sm:not-sr-only"> transcript</span>
            </span>
          </button>
        </div>
      </div>
      <div className="border-b border-zinc-200 px-3 py-2 sm:px-4 dark:border-zinc-800">
        <TranscriptSearch
          query={query}
          onQueryChange={onQueryChange}
          hitCount={hits.length}
          activeHit={activeHit}
          onStep={onStep}
          waiting={indexWanted && !timeline.complete && texts.state === "loading"}
        />
        {texts.state === "failed" ? (
          <p
            role="alert"
            className="mt-2 flex flex-wrap items-center gap-2 text-sm text-red-700 dark:text-red-300"
          >
            Couldn&apos;t load the rest of the transcript.
            <button type="button" onClick={texts.retry} className={buttonClass("secondary", "compact")}>
              Retry
            </button>
          </p>
        ) : null}
      </div>
      <div className="relative">
        <div
          // `relative`: screen-reader-only text in far-away rows is absolutely positioned; it must be
          // clipped by this box, not stretch the page to the length of the whole transcript.
          ref={scrollRef}
          role="region"
          aria-label={`Transcript segments, ${countLabel}`}
          tabIndex={0}
          onWheel={pauseFollowing}
          onTouchMove={pauseFollowing}
          onKeyDown={onContainerKeyDown}
          onMouseDown={onContainerMouseDown}
          className="relative max-h-[60vh] overflow-y-auto [overflow-anchor:none] overscroll-y-contain rounded-b-lg focus-visible:outline-offset-[-2px] sm:max-h-[28rem]"
        >
          <ol style={{ paddingTop, paddingBottom }} className="py-1">
            {rows.map((item) => {
              const segment = segments[item.index];
              if (!segment) return null;
              const rowHits: RowHit[] | undefined = hitsForRow.get(item.index);
              return (
                <TranscriptRow
                  key={item.index}
                  segment={segment}
                  segmentCount={segments.length}
                  isCurrent={item.index === currentIndex}
                  highlightLabel={
                    highlight && item.index >= highlight.first && item.index <= highlight.last
                      ? highlight.label
                      : null
                  }
                  withHours={withHours}
                  hasRecording={controller.hasRecording}
                  hits={rowHits}
                  activeHitOrdinal={item.index === activeHitSegment ? activeHit : -1}
                  onSelect={onSelect}
                  measureRef={windowed.measureRef}
                />
              );
            })}
          </ol>
        </div>
        {!following && currentIndex >= 0 ? (
          <button
            type="button"
            onClick={() => setFollowing(true)}
            className="absolute bottom-3 left-1/2 inline-flex -translate-x-1/2 items-center gap-1.5 rounded-full bg-blue-700 px-3 py-1.5 text-sm font-medium text-white shadow-md hover:bg-blue-800 dark:bg-blue-500 dark:text-zinc-950 dark:hover:bg-blue-400"
          >
            <FollowIcon />
            Back to current
          </button>
        ) : null}
      </div>
    </>
  );
}
