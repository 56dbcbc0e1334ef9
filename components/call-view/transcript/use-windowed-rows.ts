"use client";

/**
 * A windowed list in normal flow: only the rows near the viewport are in the DOM, between a top
 * and a bottom padding that stand for the others. Heights start as estimates and are replaced
 * by measurements (one ResizeObserver for every rendered row). A measurement above the viewport
 * moves the scroll position by the same amount, so what the agent is reading does not jump.
 *
 * The first render (on the server and at hydration) assumes `initialHeight` for the viewport at
 * the top, so both render the same rows; the real viewport replaces it after mount. This is the
 * part of a general virtualiser the transcript needs, at a fraction of its bytes.
 */
import {
  startTransition,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type RefObject,
} from "react";
import { centredScrollTop, rowStarts, visibleRange, type RowRange } from "@/lib/transcript/windowing";

// useLayoutEffect warns when rendered on the server; there it has nothing to do anyway.
const useIsomorphicLayoutEffect = typeof window === "undefined" ? useEffect : useLayoutEffect;

export type WindowedRow = { index: number; start: number; end: number };

type Options = {
  count: number;
  estimateSize: (index: number) => number;
  scrollRef: RefObject<HTMLElement | null>;
  initialHeight: number;
  overscan: number;
  /** Extra room after the last row (e.g. for a button floating over the list's end). */
  paddingEnd: number;
};

function sameRange(a: RowRange | null, b: RowRange | null) {
  return a === b || (a !== null && b !== null && a.first === b.first && a.last === b.last);
}

export function useWindowedRows({
  count,
  estimateSize,
  scrollRef,
  initialHeight,
  overscan,
  paddingEnd,
}: Options) {
  // Heights by row: estimates until measured. Recreated only when the list itself changes.
  const sizes = useMemo(
    () => Float64Array.from({ length: count }, (_, index) => estimateSize(index)),
    [count, estimateSize],
  );
  const [measuredVersion, setMeasuredVersion] = useState(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- recomputed when a measurement lands
  const starts = useMemo(() => rowStarts(sizes), [sizes, measuredVersion]);
  const totalSize = (starts[count] ?? 0) + paddingEnd;

  const startsRef = useRef(starts);
  const viewportRef = useRef({ top: 0, height: initialHeight });
  const [range, setRange] = useState<RowRange | null>(() => visibleRange(starts, 0, initialHeight, overscan));
  /** The range last asked for, which `range` becomes once React has rendered it. */
  const rangeRef = useRef(range);

  useIsomorphicLayoutEffect(() => {
    startsRef.current = starts;
  });

  const updateRange = useCallback(() => {
    const { top, height } = viewportRef.current;
    const next = visibleRange(startsRef.current, top, height, overscan);
    const current = rangeRef.current;
    if (sameRange(current, next)) return;
    rangeRef.current = next;
    // Rows that come into view must render now, or the agent sees a gap; dropping rows that left
    // it (after hydration, the server's assumed viewport was taller than the real one) can wait,
    // and should: inside hydration's commit it would be an urgent re-render of the whole list.
    if (current && next && next.first >= current.first && next.last <= current.last)
      startTransition(() => setRange(next));
    else setRange(next);
  }, [overscan]);

  // Follow the real viewport: its scroll position and its height.
  useIsomorphicLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const read = () => {
      viewportRef.current = { top: element.scrollTop, height: element.clientHeight };
      updateRange();
    };
    read();
    element.addEventListener("scroll", read, { passive: true });
    const resizes = new ResizeObserver(read);
    resizes.observe(element);
    return () => {
      element.removeEventListener("scroll", read);
      resizes.disconnect();
    };
  }, [scrollRef, updateRange]);

  // New heights move later rows: recompute what the viewport shows.
  useIsomorphicLayoutEffect(updateRange, [starts, updateRange]);

  // One observer for every rendered row; each reports its own height.
  const observerRef = useRef<ResizeObserver | null>(null);
  const sizesRef = useRef(sizes);
  useIsomorphicLayoutEffect(() => {
    sizesRef.current = sizes;
  });
  useEffect(() => () => observerRef.current?.disconnect(), []);

  const measureRef = useCallback(
    (node: HTMLElement | null) => {
      if (!node) return;
      observerRef.current ??= new ResizeObserver((entries) => {
        const current = sizesRef.current;
        const element = scrollRef.current;
        let changed = false;
        for (const entry of entries) {
          const target = entry.target as HTMLElement;
          const index = Number(target.dataset.index);
          const height = entry.borderBoxSize[0]?.blockSize ?? target.getBoundingClientRect().height;
          if (!Number.isInteger(index) || index < 0 || index >= current.length || height <= 0) continue;
          const delta = height - current[index]!;
          if (Math.abs(delta) < 0.5) continue;
          current[index] = height;
          changed = true;
          // A row above the viewport grew or shrank: keep the rows in view where they are.
          if (element && (startsRef.current[index] ?? 0) < element.scrollTop) element.scrollTop += delta;
        }
        // Measured heights only refine the list's padding (rows in view were kept in place
        // above), so the re-render they cause can wait and be sliced: a transition.
        if (changed) startTransition(() => setMeasuredVersion((version) => version + 1));
      });
      const observer = observerRef.current;
      observer.observe(node);
      return () => observer.unobserve(node);
    },
    [scrollRef],
  );

  const rows: WindowedRow[] = [];
  if (range) {
    for (let index = range.first; index <= range.last; index += 1) {
      rows.push({ index, start: starts[index]!, end: starts[index + 1]! });
    }
  }
  const paddingTop = rows[0]?.start ?? 0;
  const paddingBottom = Math.max(0, totalSize - (rows.at(-1)?.end ?? 0));

  const rowBounds = useCallback((index: number) => {
    const current = startsRef.current;
    if (index < 0 || index >= current.length - 1) return null;
    return { start: current[index]!, end: current[index + 1]! };
  }, []);

  const scrollToIndex = useCallback(
    (index: number) => {
      const element = scrollRef.current;
      if (!element) return;
      const current = startsRef.current;
      element.scrollTop = centredScrollTop(
        current,
        index,
        element.clientHeight,
        (current[current.length - 1] ?? 0) + paddingEnd,
      );
    },
    [scrollRef, paddingEnd],
  );

  return { rows, paddingTop, paddingBottom, totalSize, rowBounds, scrollToIndex, measureRef };
}
