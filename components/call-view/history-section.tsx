"use client";

/**
 * The side column's "Earlier conversations" card, as the page renders it: its frame and a
 * placeholder at once, the list itself (./history-panel) loaded and fetched by the browser
 * after the page has painted, so neither its code nor Allo's search delays the first paint.
 * An item without a phone number has nothing to look up, and says so without loading anything.
 */
import dynamic from "next/dynamic";
import { HistoryCard, HistorySkeleton } from "./history-card";

function Placeholder() {
  return (
    <HistoryCard>
      <p className="sr-only">Loading earlier conversations…</p>
      <HistorySkeleton />
    </HistoryCard>
  );
}

const HistoryPanel = dynamic(() => import("./history-panel"), { ssr: false, loading: Placeholder });

export function HistorySection({
  itemId,
  contactNumber,
  call,
}: {
  itemId: string;
  contactNumber: string | null;
  call: boolean;
}) {
  if (contactNumber === null) {
    return (
      <HistoryCard>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {call ? "This call" : "This message"} has no phone number, so there are no earlier conversations to
          look up.
        </p>
      </HistoryCard>
    );
  }
  return <HistoryPanel itemId={itemId} />;
}
