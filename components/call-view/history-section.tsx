/**
 * The side column's "Earlier conversations" card. The list (./history-panel, a client island) is
 * fetched by the browser once the page has settled, with its code, so Allo's search never delays
 * the first paint: the server renders the card's frame with a placeholder. An item without a
 * phone number has nothing to look up, and says so without asking.
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
