"use client";

/**
 * What the item segment's error boundary (app/(app)/items/[id]/error.tsx) shows for an
 * unexpected failure while rendering an item. No error text from the server, only the digest
 * that matches the server log.
 */
import { buttonClass } from "@/components/ui/button-styles";
import { StatePanel } from "./state-panel";

export default function UnexpectedErrorPanel({ error, retry }: { error: unknown; retry: () => void }) {
  const digest =
    error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : null;

  return (
    <StatePanel
      title="Something went wrong showing this item"
      requestId={digest}
      requestIdLabel="Reference"
      actions={
        <>
          <button type="button" onClick={() => retry()} className={buttonClass("primary")}>
            Try again
          </button>
          <a href="/" className={buttonClass("secondary")}>
            Open another item
          </a>
        </>
      }
    >
      <p>
        The dashboard hit an unexpected problem. Trying again usually helps; if it doesn&apos;t, share the
        reference below with whoever maintains Callview.
      </p>
    </StatePanel>
  );
}
