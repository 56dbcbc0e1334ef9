"use client";

import { CheckIcon, CopyIcon } from "@/components/ui/icons/copy-icons";
import { useCopyFeedback } from "./use-copy-feedback";

/**
 * An icon button that copies `value`. "Copied" appears as a small bubble above the button,
 * so nothing around it moves, and is announced through a polite live region.
 */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [state, copy] = useCopyFeedback();

  const message = state === "copied" ? "Copied" : state === "failed" ? "Couldn't copy" : "";

  return (
    <span className="relative inline-flex align-middle">
      <button
        type="button"
        aria-label={label}
        title={label}
        onClick={() => void copy(value)}
        className="inline-flex size-7 items-center justify-center rounded-md text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 sm:size-6 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
      >
        {state === "copied" ? (
          <CheckIcon className="size-4 text-green-700 dark:text-green-400" />
        ) : (
          <CopyIcon className="size-4" />
        )}
      </button>
      <span
        role="status"
        className={`pointer-events-none absolute bottom-full left-1/2 z-10 mb-1 -translate-x-1/2 rounded bg-zinc-900 px-1.5 py-0.5 text-xs whitespace-nowrap text-white dark:bg-zinc-100 dark:text-zinc-900 ${message ? "" : "sr-only"}`}
      >
        {message}
      </span>
    </span>
  );
}
