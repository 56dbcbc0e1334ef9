"use client";

/**
 * The "Earlier conversations" card of a page with a phone number. The list (./history-list) is
 * secondary: until the page has settled this renders the card's loading state (on the server,
 * and through hydration), then loads the list's code, which asks for the first page. None of it
 * is part of the page's first load: nothing of it would run before the page is settled anyway.
 */
import { Suspense } from "react";
import { lazyOr } from "@/components/ui/lazy-or";
import { usePageSettled } from "@/components/ui/use-page-settled";
import { HistoryCard, HistoryLoading } from "./history-card";

const HistoryList = lazyOr(
  () => import("./history-list"),
  function HistoryUnavailable() {
    return (
      <HistoryCard>
        <p role="status" className="text-sm text-zinc-700 dark:text-zinc-300">
          Couldn&apos;t load earlier conversations. Check your connection and reload the page.
        </p>
      </HistoryCard>
    );
  },
);

export default function HistoryPanel({ itemId }: { itemId: string }) {
  const settled = usePageSettled();
  if (!settled) return <HistoryLoading />;
  return (
    <Suspense fallback={<HistoryLoading />}>
      <HistoryList itemId={itemId} />
    </Suspense>
  );
}
