"use client";

/**
 * A call's tags as plain-text chips (tag text comes from Allo and is never parsed as HTML), read
 * from the item's query so a change shows at once. Once the page has settled, /api/capabilities
 * says whether the dashboard's key may change tags (TAGS_WRITE); if it may, the editor
 * (./tag-editor: remove buttons, "Add tag", optimistic changes) loads and takes the chips' place.
 * Its code is not part of the page's first load: nobody can use it before the capabilities are in.
 */
import { useQuery } from "@tanstack/react-query";
import { Suspense } from "react";
import { capabilitiesQueryOptions } from "@/lib/items/capabilities-query";
import { itemQueryOptions } from "@/lib/items/item-query";
import { lazyOr } from "@/components/ui/lazy-or";
import { usePageSettled } from "@/components/ui/use-page-settled";
import { TagList } from "./tag-list";

const TagEditor = lazyOr(
  () => import("./tag-editor"),
  // The tags stay readable; only changing them waits for a reload.
  function TagsReadOnly({ tags }: { itemId: string; tags: readonly string[] }) {
    return <TagList tags={tags} editableLater />;
  },
);

/** The tags of an item whose page hydrated it (a call page), so the page has no tags to pass. */
const NO_TAGS: readonly string[] = [];

export function EditableTagList({ itemId }: { itemId: string }) {
  const { data: tags = NO_TAGS } = useQuery({ ...itemQueryOptions(itemId), select: selectTags });
  const settled = usePageSettled();
  const { data: capabilities } = useQuery({ ...capabilitiesQueryOptions(), enabled: settled });
  const chips = <TagList tags={tags} editableLater />;
  if (capabilities?.canEditTags !== true) return chips;
  return (
    <Suspense fallback={chips}>
      <TagEditor itemId={itemId} tags={tags} />
    </Suspense>
  );
}

function selectTags(item: { tags: string[] | null }): readonly string[] {
  return item.tags ?? NO_TAGS;
}
