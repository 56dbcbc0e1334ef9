"use client";

/** Search box with "n of m" status and previous/next buttons; Enter / Shift+Enter step through hits. */
import { useId, type KeyboardEvent } from "react";
import { ChevronDownIcon, ChevronUpIcon, SearchIcon } from "@/components/ui/icons/transcript-icons";

type TranscriptSearchProps = {
  query: string;
  onQueryChange: (query: string) => void;
  hitCount: number;
  activeHit: number;
  onStep: (direction: 1 | -1) => void;
  /** The transcript's texts are still arriving (a long call's first load): no count yet. */
  waiting: boolean;
};

function searchStatusText(query: string, hitCount: number, activeHit: number, waiting: boolean): string {
  if (!query.trim()) return "";
  if (waiting) return "Loading…";
  if (hitCount === 0) return "No matches";
  return `${activeHit + 1} of ${hitCount}`;
}

export function TranscriptSearch({
  query,
  onQueryChange,
  hitCount,
  activeHit,
  onStep,
  waiting,
}: TranscriptSearchProps) {
  const inputId = useId();
  const status = searchStatusText(query, hitCount, activeHit, waiting);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Enter") {
      event.preventDefault();
      onStep(event.shiftKey ? -1 : 1);
    } else if (event.key === "Escape" && query) {
      // Clear instead of letting Escape close an enclosing dialog or drawer.
      event.preventDefault();
      event.stopPropagation();
      onQueryChange("");
    }
  };

  const buttonClass =
    "inline-flex h-8 w-8 items-center justify-center rounded-md text-zinc-700 hover:bg-zinc-100 disabled:cursor-not-allowed disabled:opacity-40 dark:text-zinc-300 dark:hover:bg-zinc-800";

  return (
    <div role="search" className="flex items-center gap-1.5">
      <div className="relative min-w-0 flex-1">
        <label htmlFor={inputId} className="sr-only">
          Search transcript
        </label>
        <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 -translate-y-1/2 text-zinc-500 dark:text-zinc-400" />
        <input
          id={inputId}
          type="search"
          value={query}
          onChange={(event) => onQueryChange(event.target.value)}
          onKeyDown={onKeyDown}
          placeholder="Search transcript"
          autoComplete="off"
          spellCheck={false}
          className="h-8 w-full rounded-md border border-zinc-300 bg-white pr-2 pl-8 text-sm text-zinc-900 placeholder:text-zinc-500 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100 dark:placeholder:text-zinc-400"
        />
      </div>
      <p
        role="status"
        aria-live="polite"
        className="text-center text-xs whitespace-nowrap text-zinc-600 tabular-nums dark:text-zinc-400"
      >
        {status}
      </p>
      <button
        type="button"
        className={buttonClass}
        onClick={() => onStep(-1)}
        disabled={hitCount === 0}
        aria-label="Previous match"
        title="Previous match (Shift+Enter)"
      >
        <ChevronUpIcon />
      </button>
      <button
        type="button"
        className={buttonClass}
        onClick={() => onStep(1)}
        disabled={hitCount === 0}
        aria-label="Next match"
        title="Next match (Enter)"
      >
        <ChevronDownIcon />
      </button>
    </div>
  );
}
