"use client";

/**
 * A call's tags as plain-text chips (tag text comes from Allo and is never parsed as HTML), read
 * from the item's query so a change shows at once. When the dashboard's key may change tags
 * (TAGS_WRITE, from /api/capabilities), each chip gets a remove button named after its tag and
 * the card an "Add tag" picker.
 */
import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useEffect, useRef, useState } from "react";
import { capabilitiesQueryOptions } from "@/lib/items/capabilities-query";
import { tagsWithPending, type ShownTag } from "@/lib/items/tags-query";
import { Card } from "@/components/ui/card";
import { usePageSettled } from "@/components/ui/use-page-settled";
import { CrossIcon, PlusIcon } from "@/components/ui/icons/tag-icons";
import { itemQueryOptions } from "@/lib/items/item-query";
import { NoTags, TAG_CHIP_CLASS } from "./tag-chips";
import { useTagChanges } from "./use-tag-changes";

/**
 * The picker's code loads when an agent first opens it, not with the page. React.lazy rather
 * than next/dynamic: it is only ever rendered in the browser, after a click, so next/dynamic's
 * server-side preloading (and its code in the page's bundle) would buy nothing.
 */
const TagPicker = lazy(() => import("./tag-picker"));

const PICKER_ID = "tag-picker";

/** The tags of an item whose page hydrated it (a call page), so the page has no tags to pass. */
const NO_TAGS: readonly string[] = [];

export function EditableTagList({ itemId }: { itemId: string }) {
  const { data: tags = NO_TAGS } = useQuery({ ...itemQueryOptions(itemId), select: selectTags });
  const settled = usePageSettled();
  const { data: capabilities } = useQuery({ ...capabilitiesQueryOptions(), enabled: settled });
  const canEdit = capabilities?.canEditTags === true;
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
        canEdit ? (
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
        ) : null
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
              removable={canEdit}
              onRemove={() => request("remove", entry.tag)}
            />
          ))}
        </ul>
      )}
      {canEdit && open ? (
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
      {canEdit ? (
        <p
          role="status"
          // Always in the page (a live region must exist before it speaks); visible only for errors.
          className={notice?.tone === "error" ? "mt-2 text-sm text-red-700 dark:text-red-300" : "sr-only"}
        >
          {notice?.text ?? ""}
        </p>
      ) : null}
    </Card>
  );
}

function selectTags(item: { tags: string[] | null }): readonly string[] {
  return item.tags ?? NO_TAGS;
}

function TagChip({
  entry,
  removable,
  onRemove,
}: {
  entry: ShownTag;
  removable: boolean;
  onRemove: () => void;
}) {
  const busy = entry.state !== "saved";
  return (
    <li
      dir="auto"
      aria-busy={busy || undefined}
      // The height of a chip with its remove button from the start, so the button's arrival
      // (once /api/capabilities has answered) does not push the cards below down.
      className={`${TAG_CHIP_CLASS} min-h-7 ${removable ? "pr-0.5 pl-2" : "px-2"} ${
        entry.state === "removing" ? "line-through opacity-60" : entry.state === "adding" ? "opacity-70" : ""
      }`}
    >
      {entry.tag}
      {removable ? (
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
      ) : null}
    </li>
  );
}
