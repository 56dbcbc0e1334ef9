import { Card } from "@/components/ui/card";

/** The item's tags as plain-text chips (tag text comes from Allo and is never parsed as HTML). */
export function TagList({ tags }: { tags: string[] }) {
  return (
    <Card title="Tags" headingId="tags-heading">
      {tags.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No tags</p>
      ) : (
        <ul className="flex flex-wrap gap-1.5">
          {tags.map((tag, index) => (
            <li
              key={`${index}-${tag}`}
              dir="auto"
              className="max-w-full rounded-full bg-zinc-100 px-2 py-0.5 text-xs font-medium break-words text-zinc-800 ring-1 ring-zinc-200 ring-inset dark:bg-zinc-800 dark:text-zinc-200 dark:ring-zinc-700"
            >
              {tag}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
