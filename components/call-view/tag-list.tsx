/**
 * An item's tags as plain-text chips (tag text comes from Allo and is never parsed as HTML),
 * when nobody can change them here: a message's tags. A call's tags are ./editable-tag-list.
 */
import { Card } from "@/components/ui/card";
import { NoTags, TAG_CHIP_CLASS } from "./tag-chips";

export function TagList({ tags }: { tags: readonly string[] }) {
  return (
    <Card title="Tags" headingId="tags-heading">
      {tags.length === 0 ? (
        <NoTags />
      ) : (
        <ul className="flex flex-wrap gap-1.5">
          {tags.map((tag, index) => (
            <li key={`${index}-${tag}`} dir="auto" className={`${TAG_CHIP_CLASS} px-2`}>
              {tag}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
