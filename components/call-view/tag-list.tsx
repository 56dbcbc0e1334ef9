/**
 * An item's tags as plain-text chips (tag text comes from Allo and is never parsed as HTML),
 * when nobody can change them here: a message's tags, and a call's until its editor has loaded
 * (./editable-tag-list).
 */
import { Card } from "@/components/ui/card";
import { EDITABLE_CHIP_HEIGHT, NoTags, TAG_CHIP_CLASS } from "./tag-chips";

export function TagList({
  tags,
  editableLater = false,
}: {
  tags: readonly string[];
  /** Chips as tall as the editor's, which may replace them once the page has settled. */
  editableLater?: boolean;
}) {
  return (
    <Card title="Tags" headingId="tags-heading">
      {tags.length === 0 ? (
        <NoTags />
      ) : (
        <ul className="flex flex-wrap gap-1.5">
          {tags.map((tag, index) => (
            <li
              key={`${index}-${tag}`}
              dir="auto"
              className={`${TAG_CHIP_CLASS} ${editableLater ? EDITABLE_CHIP_HEIGHT : ""} px-2`}
            >
              {tag}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
