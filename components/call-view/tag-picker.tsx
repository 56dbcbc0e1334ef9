"use client";

/**
 * "Add tag": the workspace's tags in a filterable list (an ARIA combobox: type to filter,
 * arrows to move, Enter to add, Escape to close). It stays open after a pick, so a double
 * click cannot land on whatever lies underneath, and tags already on the call are listed as
 * added. Loaded on first open (next/dynamic), so its code is not part of the page's first load.
 */
import { useQuery } from "@tanstack/react-query";
import { useId, useMemo, useState, type KeyboardEvent } from "react";
import { workspaceTagsQueryOptions, type WorkspaceTag } from "@/lib/items/tags-query";
import { buttonClass } from "@/components/ui/button-styles";

type Option = WorkspaceTag & { state: "available" | "added" | "adding" };

export default function TagPicker({
  id,
  present,
  pending,
  onPick,
  onClose,
}: {
  id: string;
  /** Tags on the call now (as the page shows them). */
  present: readonly string[];
  /** Tags with a change on its way. */
  pending: readonly string[];
  onPick: (tag: string) => void;
  onClose: () => void;
}) {
  const tags = useQuery(workspaceTagsQueryOptions());
  const [filter, setFilter] = useState("");
  const [active, setActive] = useState<number | null>(null);
  const uid = useId();
  const listboxId = `${uid}-tags`;

  const options = useMemo<Option[]>(() => {
    const needle = filter.trim().toLowerCase();
    return (tags.data ?? [])
      .filter(
        (tag) =>
          needle === "" || tag.key.toLowerCase().includes(needle) || tag.name.toLowerCase().includes(needle),
      )
      .map((tag) => ({
        ...tag,
        state: pending.includes(tag.key) ? "adding" : present.includes(tag.key) ? "added" : "available",
      }));
  }, [tags.data, filter, present, pending]);

  // `active` null: the first tag that can still be added (the filter just changed, or the picker opened).
  const firstAvailable = Math.max(
    0,
    options.findIndex((option) => option.state === "available"),
  );
  const current = options.length === 0 ? -1 : Math.min(active ?? firstAvailable, options.length - 1);
  const optionId = (index: number) => `${uid}-tag-${index}`;

  function pick(option: Option | undefined) {
    if (option?.state === "available") onPick(option.key);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    const last = options.length - 1;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (last < 0) return;
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((current + step + options.length) % options.length);
    } else if (event.key === "Home" || event.key === "End") {
      if (last < 0) return;
      event.preventDefault();
      setActive(event.key === "Home" ? 0 : last);
    } else if (event.key === "Enter") {
      event.preventDefault();
      pick(options[current]);
    } else if (event.key === "Escape") {
      event.preventDefault();
      onClose();
    }
  }

  const showList = tags.isSuccess && options.length > 0;

  return (
    <div
      id={id}
      className="mt-3 rounded-md border border-zinc-200 bg-zinc-50 p-2 dark:border-zinc-700 dark:bg-zinc-950"
    >
      <div className="flex items-center gap-2">
        <input
          type="text"
          role="combobox"
          aria-label="Filter tags"
          aria-autocomplete="list"
          aria-expanded={showList}
          aria-controls={showList ? listboxId : undefined}
          aria-activedescendant={showList && current >= 0 ? optionId(current) : undefined}
          autoComplete="off"
          spellCheck={false}
          // The picker opens on an explicit click or key press, so taking focus is expected.
          autoFocus
          value={filter}
          onChange={(event) => {
            setFilter(event.target.value);
            setActive(null);
          }}
          onKeyDown={onKeyDown}
          placeholder="Filter tags"
          className="h-8 min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-2 text-sm text-zinc-900 placeholder:text-zinc-500 dark:border-zinc-600 dark:bg-zinc-900 dark:text-zinc-100 dark:placeholder:text-zinc-400"
        />
        <button type="button" onClick={onClose} className={buttonClass("secondary", "compact")}>
          Done
        </button>
      </div>
      {tags.isPending ? (
        <p role="status" className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
          Loading tags…
        </p>
      ) : tags.isError ? (
        <div role="status" className="mt-2 text-sm text-red-700 dark:text-red-300">
          <p>Couldn&apos;t load the workspace&apos;s tags.</p>
          <button
            type="button"
            onClick={() => void tags.refetch()}
            className={`mt-1 ${buttonClass("secondary", "compact")}`}
          >
            Retry
          </button>
        </div>
      ) : options.length === 0 ? (
        <p role="status" className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
          {filter.trim() ? `No tag matches “${filter.trim()}”.` : "This workspace has no tags yet."}
        </p>
      ) : (
        <ul
          id={listboxId}
          role="listbox"
          aria-label="Workspace tags"
          className="mt-2 max-h-56 overflow-y-auto rounded-md border border-zinc-200 bg-white py-1 dark:border-zinc-700 dark:bg-zinc-900"
        >
          {options.map((option, index) => (
            <li
              key={option.key}
              id={optionId(index)}
              role="option"
              aria-selected={index === current}
              aria-disabled={option.state !== "available" || undefined}
              // Keep focus in the filter box: the option is chosen by click, not focused.
              onMouseDown={(event) => event.preventDefault()}
              onMouseMove={() => setActive(index)}
              onClick={() => pick(option)}
              className={`flex cursor-pointer items-baseline justify-between gap-2 px-2 py-1.5 text-sm ${
                index === current ? "bg-blue-50 dark:bg-blue-950" : ""
              } ${option.state === "available" ? "text-zinc-900 dark:text-zinc-100" : "cursor-default text-zinc-600 dark:text-zinc-400"}`}
            >
              {/* Spaces between the parts keep the option's accessible name readable ("Call back callback Added"). */}
              <span dir="auto" className="min-w-0 break-words">
                {option.name}{" "}
                {option.name !== option.key ? (
                  <span className="text-xs text-zinc-600 dark:text-zinc-400">{option.key}</span>
                ) : null}
              </span>{" "}
              {option.state !== "available" ? (
                <span className="shrink-0 text-xs">{option.state === "adding" ? "Adding…" : "Added"}</span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
