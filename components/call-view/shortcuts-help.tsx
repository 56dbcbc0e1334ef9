/**
 * The player's "Keyboard shortcuts" help: static text, rendered on the server and handed to the
 * player (a client component) as a slot, so none of it is code the page ships.
 */
import { SKIP_SECONDS } from "./skip-seconds";

const kbd =
  "rounded border border-zinc-300 bg-zinc-50 px-1 font-mono text-[11px] text-zinc-800 dark:border-zinc-600 dark:bg-zinc-800 dark:text-zinc-200";

export function ShortcutsHelp() {
  return (
    <>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1.5 text-xs">
        <dt>
          <kbd className={kbd}>Space</kbd> or <kbd className={kbd}>K</kbd>
        </dt>
        <dd>Play or pause</dd>
        <dt>
          <kbd className={kbd}>J</kbd> or <kbd className={kbd}>←</kbd>
        </dt>
        <dd>Back {SKIP_SECONDS} seconds</dd>
        <dt>
          <kbd className={kbd}>L</kbd> or <kbd className={kbd}>→</kbd>
        </dt>
        <dd>Forward {SKIP_SECONDS} seconds</dd>
      </dl>
      <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">
        Shortcuts are off while typing in a field.
      </p>
    </>
  );
}
