import { SkeletonLine, SkeletonParagraph } from "@/components/ui/card";

/**
 * Placeholder in the exact shape of the item page (header, summary, player bar, transcript
 * lines, side cards), so nothing jumps when the real content replaces it.
 */
export function ItemSkeleton() {
  const block = "rounded-lg border border-zinc-200 bg-white p-3 sm:p-4 dark:border-zinc-800 dark:bg-zinc-900";
  return (
    <div role="status" data-testid="item-skeleton" className="space-y-3 sm:space-y-4">
      <div className={block}>
        <div className="flex gap-1.5">
          <SkeletonLine className="h-5 w-28" />
          <SkeletonLine className="h-5 w-20" />
        </div>
        <SkeletonLine className="mt-2.5 h-6 w-56 max-w-full" />
        <SkeletonLine className="mt-2 h-4 w-64 max-w-full" />
        <div className="mt-3 grid grid-cols-2 gap-x-4 gap-y-3 border-t border-zinc-100 pt-3 sm:grid-cols-3 lg:grid-cols-5 dark:border-zinc-800">
          {Array.from({ length: 5 }, (_, index) => (
            <div key={index} className={`space-y-1.5 ${index === 0 ? "col-span-2 sm:col-span-1" : ""}`}>
              <SkeletonLine className="h-3 w-16" />
              <SkeletonLine className="h-4 w-28" />
            </div>
          ))}
        </div>
      </div>
      <div className="grid items-start gap-3 sm:gap-4 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="min-w-0 space-y-3 sm:space-y-4">
          <div className={block}>
            <SkeletonLine className="h-3 w-20" />
            <SkeletonParagraph className="mt-3 min-h-28 sm:min-h-20" />
          </div>
          <div className={block}>
            <div className="flex items-center gap-3">
              <span
                aria-hidden="true"
                className="size-10 shrink-0 animate-pulse rounded-full bg-zinc-200 dark:bg-zinc-800"
              />
              <SkeletonLine className="h-4 w-20" />
            </div>
            <SkeletonLine className="mt-4 h-2 w-full" />
            <SkeletonLine className="mt-3 h-2 w-full" />
          </div>
          <div className={block}>
            <SkeletonLine className="h-4 w-24" />
            <SkeletonLine className="mt-3 h-8 w-full" />
            <div className="mt-4 space-y-4">
              {Array.from({ length: 5 }, (_, index) => (
                <div key={index} className="space-y-1.5">
                  <SkeletonLine className="h-3 w-24" />
                  <SkeletonLine className={index % 2 ? "w-10/12" : "w-full"} />
                </div>
              ))}
            </div>
          </div>
        </div>
        <div className="space-y-3 sm:space-y-4">
          <div className={block}>
            <SkeletonLine className="h-3 w-12" />
            <div className="mt-3 flex gap-1.5">
              <SkeletonLine className="h-5 w-16" />
              <SkeletonLine className="h-5 w-14" />
            </div>
          </div>
          <div className={block}>
            <SkeletonLine className="h-3 w-16" />
            <SkeletonLine className="mt-3 h-4 w-40" />
            <SkeletonLine className="mt-2 h-4 w-32" />
          </div>
        </div>
      </div>
      <span className="sr-only">Loading the call or message…</span>
    </div>
  );
}
