import type { ReactNode } from "react";

/**
 * A titled block of the page. It is a labelled region so screen-reader users can jump
 * between Summary, Tags, Contacts, … by heading or landmark.
 */
export function Card({
  title,
  headingId,
  headingLevel = 2,
  action,
  children,
  className = "",
}: {
  title: ReactNode;
  headingId: string;
  headingLevel?: 2 | 3;
  /** Small controls or notes shown at the right of the title. */
  action?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <section
      aria-labelledby={headingId}
      className={`rounded-lg border border-zinc-200 bg-white p-3 shadow-xs sm:p-4 dark:border-zinc-800 dark:bg-zinc-900 ${className}`}
    >
      <div className="mb-2 flex min-h-6 items-center justify-between gap-2">
        <Heading id={headingId} className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">
          {title}
        </Heading>
        {action}
      </div>
      {children}
    </section>
  );
}

/** A grey bar standing in for text that is not there yet; height matches one line of body text. */
export function SkeletonLine({ className = "w-full" }: { className?: string }) {
  return (
    <span
      aria-hidden="true"
      className={`block h-3 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800 ${className}`}
    />
  );
}

/** A paragraph still to come (a summary): three lines of falling length. */
export function SkeletonParagraph({ className = "" }: { className?: string }) {
  return (
    <div className={`space-y-2.5 ${className}`}>
      <SkeletonLine />
      <SkeletonLine className="w-11/12" />
      <SkeletonLine className="w-2/3" />
    </div>
  );
}
