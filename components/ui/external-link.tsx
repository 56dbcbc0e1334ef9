import type { ReactNode } from "react";
import { ExternalIcon } from "@/components/ui/icons/record-icons";

/** A link to another system (the CRM): new tab, no opener, no referrer, and says so to screen readers. */
export function ExternalLink({
  href,
  children,
  className = "",
}: {
  href: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <a
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      className={`inline-flex max-w-full items-baseline gap-1 rounded-sm text-blue-700 underline decoration-blue-700/30 underline-offset-2 hover:decoration-blue-700 dark:text-blue-300 dark:decoration-blue-300/40 dark:hover:decoration-blue-300 ${className}`}
    >
      <span dir="auto" className="min-w-0 break-words">
        {children}
      </span>
      <ExternalIcon className="size-3 self-center" />
      <span className="sr-only">(opens in new tab)</span>
    </a>
  );
}
