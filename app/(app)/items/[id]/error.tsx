"use client";

/**
 * Last-resort boundary for an unexpected failure while rendering an item (expected upstream
 * failures never get here: the page renders their panels itself). Shows no error text from
 * the server, only the digest that matches the server log.
 */
import { useEffect } from "react";
import { StateFrame, StateReference } from "@/components/states/state-frame";
import { buttonClass } from "@/components/ui/button-styles";

export default function ItemError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  const digest =
    error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : null;

  return (
    <StateFrame
      title="Something went wrong showing this item"
      footer={digest ? <StateReference label="Reference" value={digest} /> : null}
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
    </StateFrame>
  );
}
