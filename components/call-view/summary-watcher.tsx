"use client";

/**
 * The code that waits for a call's pending summary (see ./use-pending-summary), loaded by the
 * summary panel after hydration and only for a call whose summary may still come: a page that
 * opens on a ready summary never carries it. While it waits the panel shows its skeleton; once
 * the polling budget is spent it shows "No summary yet" with a Refresh. When the summary arrives,
 * React Query's item changes and the panel shows it (this component then leaves the page).
 */
import { useEffect } from "react";
import { buttonClass } from "@/components/ui/button-styles";
import type { PublicItem } from "@/lib/items/public-item";
import { usePendingSummary } from "./use-pending-summary";

export type SummaryWatcherProps = {
  id: string;
  item: PublicItem;
  /** The server's clock at render time: whether it is still worth waiting was decided then. */
  now: number;
  /** Told when polling stops (and starts again after a Refresh); the panel shows its skeleton meanwhile. */
  onWaitingChange: (waiting: boolean) => void;
};

export default function SummaryWatcher({ id, item, now, onWaitingChange }: SummaryWatcherProps) {
  const { waiting, refresh, refreshing } = usePendingSummary({ id, now, item });
  useEffect(() => onWaitingChange(waiting), [waiting, onWaitingChange]);
  if (waiting) return null;
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
