import type { ReactNode } from "react";
import { AlertIcon, InfoIcon } from "@/components/ui/icons/status-icons";

/**
 * The frame of every "can't show the item" page: what happened (title), what the agent can do
 * (body and actions), and below them whatever else the page needs (the ids support will ask
 * for). Never a stack trace. No client code of its own, so the segment's error boundary can
 * use it without pulling anything else into the page's bundle.
 */
export function StateFrame({
  title,
  tone = "warning",
  children,
  actions,
  footer,
}: {
  title: string;
  tone?: "warning" | "info";
  children: ReactNode;
  actions?: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <section
      aria-labelledby="state-title"
      className="mx-auto mt-2 max-w-xl rounded-lg border border-zinc-200 bg-white p-4 shadow-xs sm:mt-8 sm:p-6 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex items-start gap-3">
        <span
          className={`mt-0.5 inline-flex size-8 shrink-0 items-center justify-center rounded-full ${
            tone === "warning"
              ? "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300"
              : "bg-blue-100 text-blue-800 dark:bg-blue-950 dark:text-blue-300"
          }`}
        >
          {tone === "warning" ? <AlertIcon className="size-4.5" /> : <InfoIcon className="size-4.5" />}
        </span>
        <div className="min-w-0 flex-1">
          <h1 id="state-title" className="text-lg leading-snug font-semibold">
            {title}
          </h1>
          <div className="mt-2 space-y-2 text-sm text-zinc-700 dark:text-zinc-300">{children}</div>
          {actions ? <div className="mt-4 flex flex-wrap items-center gap-2">{actions}</div> : null}
          {footer}
        </div>
      </div>
    </section>
  );
}

/** The ids under a panel, to quote to support. */
export const STATE_IDS_CLASS =
  "mt-4 space-y-1 border-t border-zinc-100 pt-3 text-xs text-zinc-600 dark:border-zinc-800 dark:text-zinc-400";

/** The reference of an unexpected failure, without a copy button (the error boundary's footer). */
export function StateReference({ label, value }: { label: string; value: string }) {
  return (
    <p className={STATE_IDS_CLASS}>
      {label} <code className="font-mono break-all text-zinc-800 dark:text-zinc-200">{value}</code>
    </p>
  );
}
