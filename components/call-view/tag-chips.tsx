/** What both tag lists (read-only and editable) draw: the chip's look, and the empty state. */
export const TAG_CHIP_CLASS =
  "inline-flex max-w-full items-center gap-0.5 rounded-full bg-zinc-100 py-0.5 text-xs font-medium break-words text-zinc-800 ring-1 ring-zinc-200 ring-inset dark:bg-zinc-800 dark:text-zinc-200 dark:ring-zinc-700";

export function NoTags() {
  return <p className="text-sm text-zinc-600 dark:text-zinc-400">No tags</p>;
}

/**
 * A call's chips are as tall as a chip with its remove button from the start, so the buttons'
 * arrival (once the key's capabilities are known) does not push the cards below down.
 */
export const EDITABLE_CHIP_HEIGHT = "min-h-7";
