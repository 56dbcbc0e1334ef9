/** The frame of the "Earlier conversations" card and its loading bars, shared by the placeholder and the list. */
import type { ReactNode } from "react";
import { Card, SkeletonLine } from "@/components/ui/card";

export function HistoryCard({ children }: { children: ReactNode }) {
  return (
    <Card title="Earlier conversations" headingId="history-heading">
      {children}
    </Card>
  );
}

/** The card while its list is on the way: for the server, for hydration, and until the first page arrives. */
export function HistoryLoading() {
  return (
    <HistoryCard>
      <p role="status" className="sr-only">
        Loading earlier conversations…
      </p>
      <HistorySkeleton />
    </HistoryCard>
  );
}

/** Three rows' worth of grey bars, the height of the list's first rows. */
function HistorySkeleton() {
  return (
    <div className="space-y-4" aria-hidden="true">
      {[0, 1, 2].map((row) => (
        <div key={row} className="space-y-2">
          <SkeletonLine className="w-2/3" />
          <SkeletonLine />
        </div>
      ))}
    </div>
  );
}
