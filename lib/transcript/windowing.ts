/**
 * The arithmetic of a windowed list: where each row starts, which rows a viewport shows, and
 * where to scroll to centre one. Pure, so it is tested without a browser; the transcript's
 * hook (components/call-view/transcript/use-windowed-rows.ts) feeds it measured heights.
 */

/** `starts[i]` is where row i begins; `starts[count]` is the height of all rows. */
export function rowStarts(sizes: ArrayLike<number>): Float64Array {
  const starts = new Float64Array(sizes.length + 1);
  for (let index = 0; index < sizes.length; index += 1) starts[index + 1] = starts[index]! + sizes[index]!;
  return starts;
}

/** The last row whose start is at or above `offset` (binary search; 0 for an empty list). */
export function rowAt(starts: Float64Array, offset: number): number {
  const count = starts.length - 1;
  if (count <= 0) return 0;
  let low = 0;
  let high = count - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

export type RowRange = { first: number; last: number };

/**
 * The rows to render for a viewport of `height` scrolled to `top`, plus `overscan` rows either
 * side so a short scroll or a keyboard step never shows an empty band. Empty when there are no rows.
 */
export function visibleRange(
  starts: Float64Array,
  top: number,
  height: number,
  overscan: number,
): RowRange | null {
  const count = starts.length - 1;
  if (count <= 0) return null;
  const first = rowAt(starts, Math.max(0, top));
  const last = rowAt(starts, Math.max(0, top + height - 1));
  return { first: Math.max(0, first - overscan), last: Math.min(count - 1, last + overscan) };
}

/** The scroll position that centres row `index` in a viewport of `height`, within the scrollable range. */
export function centredScrollTop(
  starts: Float64Array,
  index: number,
  height: number,
  totalHeight: number,
): number {
  const start = starts[index] ?? 0;
  const size = (starts[index + 1] ?? start) - start;
  const wanted = start + size / 2 - height / 2;
  return Math.max(0, Math.min(wanted, totalHeight - height));
}
