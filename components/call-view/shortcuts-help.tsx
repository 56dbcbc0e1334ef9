/**
 * The player's "Keyboard shortcuts" button and its help: static, rendered on the server and
 * handed to the player (a client component) as a slot, so none of it is code the page ships.
 * The help is a native popover: the browser opens it, and closes it on Escape or a click
 * elsewhere (light dismiss), with no script of ours.
 */
import { SKIP_SECONDS } from "./skip-seconds";

const HELP_ID = "player-shortcuts-help";

const kbd =
  "rounded border border-zinc-300 bg-zinc-50 px-1 font-mono text-[11px] text-zinc-800 dark:border-zinc-600 dark:bg-zinc-800 dark:text-zinc-200";

export function ShortcutsHelp() {
  return (
    // Phones rarely have a keyboard; the button would only take room there.
    <div className="ml-auto text-sm text-zinc-700 max-sm:hidden dark:text-zinc-300">
      <button
        type="button"
        popoverTarget={HELP_ID}
        className="cursor-pointer rounded-md px-2 py-1.5 select-none hover:bg-zinc-100 dark:hover:bg-zinc-800"
      >
        Keyboard shortcuts
      </button>
      {/* A popover sits in the top layer, over the page rather than pushing it down; `m-auto`
          centres it, as the browser would if the reset of margins did not. */}
      <div
        id={HELP_ID}
        popover="auto"
        className="m-auto w-64 rounded-md border border-zinc-200 bg-white p-3 text-zinc-700 shadow-lg backdrop:bg-zinc-950/20 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-300"
      >
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
      </div>
    </div>
  );
}
