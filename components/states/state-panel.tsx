import type { ReactNode } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { StateFrame, STATE_IDS_CLASS } from "./state-frame";

/** A state panel with the item id and the request id, each with a copy button. */
export function StatePanel({
  requestId,
  itemId,
  ...frame
}: {
  title: string;
  tone?: "warning" | "info";
  children: ReactNode;
  actions?: ReactNode;
  requestId?: string | null;
  itemId?: string | null;
}) {
  return (
    <StateFrame
      {...frame}
      footer={
        requestId || itemId ? (
          <dl className={STATE_IDS_CLASS}>
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
                <dt>Request id</dt>
                <dd className="inline-flex min-w-0 items-center gap-0.5">
                  <code className="font-mono break-all text-zinc-800 dark:text-zinc-200">{requestId}</code>
                  <CopyButton value={requestId} label="Copy the request id" />
                </dd>
              </div>
            ) : null}
          </dl>
        ) : null
      }
    />
  );
}
