"use client";

/**
 * A call's tags when the dashboard's key may change them (TAGS_WRITE): each chip gets a remove
 * button named after its tag and the card an "Add tag" picker, with changes shown at once.
 * Loaded by ./editable-tag-list once the key's capabilities say so, never with the page.
 */
import { Suspense, useEffect, useRef, useState } from "react";
import { tagsWithPending, type ShownTag } from "@/lib/items/tags-query";
import { Card } from "@/components/ui/card";
import { lazyOr } from "@/components/ui/lazy-or";
import { CrossIcon, PlusIcon } from "@/components/ui/icons/tag-icons";
import { EDITABLE_CHIP_HEIGHT, NoTags, TAG_CHIP_CLASS } from "./tag-chips";
import { useTagChanges } from "./use-tag-changes";

/**
 * The picker's code loads when an agent first opens it, not with the page. React.lazy rather
 * than next/dynamic: it is only ever rendered in the browser, after a click, so next/dynamic's
 * server-side preloading (and its code in the page's bundle) would buy nothing.
 */
const TagPicker = lazyOr(
  () => import("./tag-picker"),
  function PickerUnavailable() {
    return (
      <p role="alert" className="mt-3 text-sm text-zinc-700 dark:text-zinc-300">
        The tag picker couldn&apos;t load. Check your connection and reload the page.
      </p>
    );
  },
);

const PICKER_ID = "tag-picker";

export default function TagEditor({ itemId, tags }: { itemId: string; tags: readonly string[] }) {
  const { request, pending, notice, removed } = useTagChanges(itemId, tags);
  const [open, setOpen] = useState(false);
  const addButton = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const shown = tagsWithPending(tags, pending);

  // A removed tag's button vanished with focus on it: move focus to the tag now in its place,
  // else the last one, else "Add tag", rather than leave keyboard users at the top of the page.
  // Once per removal, after its chip has left the list.
  const handledRemoval = useRef<number | null>(null);
  useEffect(() => {
    if (!removed || handledRemoval.current === removed.seq) return;
    if (pending.some((change) => change.action === "remove" && change.tag === removed.tag)) return;
    handledRemoval.current = removed.seq;
    const active = document.activeElement;
    if (active && active !== document.body) return;
    const buttons = list.current?.querySelectorAll<HTMLButtonElement>("button[data-remove-tag]");
    const next = buttons?.[removed.position] ?? buttons?.[buttons.length - 1] ?? addButton.current;
    next?.focus();
  }, [removed, pending]);

  return (
    <Card
      title="Tags"
      headingId="tags-heading"
      action={
        <button
          ref={addButton}
          type="button"
          aria-expanded={open}
          aria-controls={open ? PICKER_ID : undefined}
          onClick={() => setOpen((value) => !value)}
          className="inline-flex h-6 items-center gap-1 rounded-md px-1.5 text-xs font-medium text-blue-700 hover:bg-blue-50 dark:text-blue-300 dark:hover:bg-blue-950"
        >
          <PlusIcon className="size-3.5" />
          Add tag
        </button>
      }
    >
      {shown.length === 0 ? (
        <NoTags />
      ) : (
        <ul ref={list} className="flex flex-wrap gap-1.5">
          {shown.map((entry, index) => (
            <TagChip
              key={`${index}-${entry.tag}`}
              entry={entry}
              onRemove={() => request("remove", entry.tag)}
            />
          ))}
        </ul>
      )}
      {open ? (
        <Suspense fallback={<p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">Loading tags…</p>}>
          <TagPicker
            id={PICKER_ID}
            present={tags}
            pending={pending.map((change) => change.tag)}
            onPick={(tag) => request("add", tag)}
            onClose={() => {
              setOpen(false);
              addButton.current?.focus();
            }}
          />
        </Suspense>
      ) : null}
      <p
        role="status"
        // Always in the page (a live region must exist before it speaks); visible only for errors.
        className={notice?.tone === "error" ? "mt-2 text-sm text-red-700 dark:text-red-300" : "sr-only"}
      >
        {notice?.text ?? ""}
      </p>
    </Card>
  );
}

function TagChip({ entry, onRemove }: { entry: ShownTag; onRemove: () => void }) {
  const busy = entry.state !== "saved";
  return (
    <li
      dir="auto"
      aria-busy={busy || undefined}
      className={`${TAG_CHIP_CLASS} ${EDITABLE_CHIP_HEIGHT} pr-0.5 pl-2 ${
        entry.state === "removing" ? "line-through opacity-60" : entry.state === "adding" ? "opacity-70" : ""
      }`}
    >
      {entry.tag}
      <button
        type="button"
        data-remove-tag=""
        aria-label={`Remove tag ${entry.tag}`}
        title={`Remove tag ${entry.tag}`}
        // aria-disabled, not disabled: a disabled button drops keyboard focus to the page.
        aria-disabled={busy || undefined}
        onClick={() => {
          if (!busy) onRemove();
        }}
        className="inline-flex size-6 shrink-0 items-center justify-center rounded-full text-zinc-600 hover:bg-zinc-200 hover:text-zinc-900 aria-disabled:cursor-not-allowed dark:text-zinc-400 dark:hover:bg-zinc-700 dark:hover:text-zinc-100"
      >
        <CrossIcon className="size-3.5" />
      </button>
    </li>
  );
}
