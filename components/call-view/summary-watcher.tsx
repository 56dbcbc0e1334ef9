"use client";

/**
 * The code that waits for a call's pending summary (see ./use-pending-summary), loaded by the
 * summary panel after hydration and only for a call whose summary may still come: a page that
 * opens on a ready summary never carries it. It renders the panel's body while it waits, then
 * "No summary yet" with a Refresh once the polling budget is spent. When the summary arrives,
 * React Query's item changes and the panel shows it (this component then leaves the page).
 */
import type { ReactNode } from "react";
import { buttonClass } from "@/components/ui/button-styles";
import type { PublicItem } from "@/lib/items/public-item";
import { usePendingSummary } from "./use-pending-summary";

export default function SummaryWatcher({
  id,
  item,
  now,
  pending,
}: {
  id: string;
  item: PublicItem;
  /** The server's clock at render time: whether it is still worth waiting was decided then. */
  now: number;
  /** What the panel shows while the summary is being generated. */
  pending: ReactNode;
}) {
  const { waiting, refresh, refreshing } = usePendingSummary({ id, now, item });
  if (waiting) return pending;
  return (
    <p className="text-sm text-zinc-700 dark:text-zinc-300">
      No summary yet —{" "}
      <button
        type="button"
        onClick={refresh}
        disabled={refreshing}
        className={buttonClass("secondary", "compact")}
      >
        {refreshing ? "Refreshing…" : "Refresh"}
      </button>
    </p>
  );
}
