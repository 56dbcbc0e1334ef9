import { StatePanel } from "./state-panel";
import { buttonClass } from "@/components/ui/button-styles";

/** Allo has no item with this (well-formed) id. */
export function NotFoundPanel({ id, requestId }: { id: string | null; requestId?: string | null }) {
  return (
    <StatePanel
      title="No call or message with this id"
      tone="info"
      itemId={id}
      requestId={requestId}
      actions={
        <a href="/" className={buttonClass("primary")}>
          Open another call or message
        </a>
      }
    >
      <p>
        Allo has no call or message with this id in the workspace this dashboard is connected to. It may have
        been deleted, or the link may belong to another Allo workspace.
      </p>
    </StatePanel>
  );
}
