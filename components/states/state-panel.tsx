import type { ReactNode } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { AlertIcon, InfoIcon } from "@/components/ui/icons/status-icons";

/**
 * The frame of every "can't show the item" page: what happened (title), what the agent can do
 * (body and actions), and the ids support will ask for. Never a stack trace.
 */
export function StatePanel({
  title,
  tone = "warning",
  children,
  actions,
  requestId,
  requestIdLabel = "Request id",
  itemId,
}: {
  title: string;
  tone?: "warning" | "info";
  children: ReactNode;
  actions?: ReactNode;
  requestId?: string | null;
  /** What to call `requestId` ("Reference" for a server error digest). */
  requestIdLabel?: string;
  itemId?: string | null;
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
          {requestId || itemId ? (
            <dl className="mt-4 space-y-1 border-t border-zinc-100 pt-3 text-xs text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
              {itemId ? (
                <div className="flex flex-wrap items-center gap-x-1.5">
                  <dt>Item id</dt>
                  <dd className="inline-flex min-w-0 items-center gap-0.5">
                    <code dir="auto" className="font-mono break-all text-zinc-800 dark:text-zinc-200">
                      {itemId}
                    </code>
                    <CopyButton value={itemId} label="Copy the item id" />
                  </dd>
                </div>
              ) : null}
              {requestId ? (
                <div className="flex flex-wrap items-center gap-x-1.5">
                  <dt>{requestIdLabel}</dt>
                  <dd className="inline-flex min-w-0 items-center gap-0.5">
                    <code className="font-mono break-all text-zinc-800 dark:text-zinc-200">{requestId}</code>
                    <CopyButton value={requestId} label={`Copy the ${requestIdLabel.toLowerCase()}`} />
                  </dd>
                </div>
              ) : null}
            </dl>
          ) : null}
        </div>
      </div>
    </section>
  );
}
