/**
 * The side column's "Earlier conversations" card. The list (./history-panel, a client island) is
 * fetched by the browser after hydration, so Allo's search never delays the first paint: the
 * server renders the card's frame with a placeholder. An item without a phone number has
 * nothing to look up, and says so without asking.
 *
 * The list's code is part of the page's bundle rather than loaded with next/dynamic: a lazily
 * loaded chunk is inserted by the bundler's runtime without the page's CSP nonce (allowed by
 * 'strict-dynamic', but every script on the page is meant to carry it), and the list is a few
 * kilobytes, well within the first-load budget (e2e/budgets.spec.ts).
 */
import { HistoryCard } from "./history-card";
import HistoryPanel from "./history-panel";

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
