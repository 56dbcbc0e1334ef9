/**
 * The page for an item the server could not show, one panel per class of failure: transient ones
 * (rate limiting, Allo down or slow) recover by themselves and show a countdown; permanent ones
 * say who can fix them. Rendered on the server from the lookup's error; only the countdown and
 * "Retry now" are client code (./item-recovery), which brings the item in once it can be read.
 * (Not found and malformed links have panels of their own, rendered by the page.)
 */
import type { ReactNode } from "react";
import { toWireError, type CallviewError } from "@/lib/api/errors";
import { errorStateFor } from "@/lib/items/error-state";
import { buttonClass } from "@/components/ui/button-styles";
import { ItemRecovery, RetryLine, RetryNowButton } from "./item-recovery";
import { firstRecoveryPhase } from "./recovery-status";
import { retryLineText } from "./retry-line-text";
import { StatePanel } from "./state-panel";

export function ItemErrorPanel({ itemId, error }: { itemId: string; error: CallviewError }) {
  const { code, message, requestId } = error;
  const state = errorStateFor(code);
  const firstPhase = firstRecoveryPhase(error);
  const retryLine = (rateLimited = false) => (
    <RetryLine rateLimited={rateLimited} initial={retryLineText(firstPhase, rateLimited)} />
  );
  const homeLink = (
    <a href="/" className={buttonClass("secondary")}>
      Open another item
    </a>
  );
  const detailsLine = (
    <p className="text-xs text-zinc-600 dark:text-zinc-400">
      Details: <span className="break-words">{message}</span>
    </p>
  );

  /** The frame of every panel for this item; `recoverable` ones offer "Retry now" first. */
  const panel = (title: string, body: ReactNode, recoverable = true) => (
    <StatePanel
      title={title}
      itemId={itemId}
      requestId={requestId}
      actions={
        recoverable ? (
          <>
            <RetryNowButton />
            {homeLink}
          </>
        ) : (
          homeLink
        )
      }
    >
      {body}
    </StatePanel>
  );

  let content: ReactNode;
  switch (state) {
    case "rate-limited":
      content = panel(
        "Too many requests to Allo",
        <>
          {retryLine(true)}
          <p>
            Allo limits how often this dashboard may ask for data, and the limit was reached just now. Nothing
            is wrong with this link: the item appears here by itself as soon as Allo answers, no need to
            reload.
          </p>
        </>,
      );
      break;
    case "upstream-down":
    case "upstream-slow":
      content = panel(
        "Allo isn't responding",
        <>
          <p>
            {state === "upstream-slow"
              ? "Allo took too long to answer, so this item can't be shown right now."
              : "Allo couldn't be reached or answered with an error, so this item can't be shown right now."}{" "}
            The link itself is fine.
          </p>
          {retryLine()}
          {detailsLine}
        </>,
      );
      break;
    case "misconfigured":
      content = panel(
        "This dashboard can't read from Allo",
        <>
          <p className="font-medium text-zinc-900 dark:text-zinc-100">
            {code === "UPSTREAM_AUTH_REJECTED"
              ? "This dashboard's Allo API key was rejected — ask an administrator to check ALLO_API_KEY."
              : code === "RECORDING_HOST_NOT_ALLOWED"
                ? "The recording is stored on a host this dashboard doesn't trust — ask an administrator to check ALLO_RECORDING_HOSTS."
                : "Allo refused this dashboard's request — ask an administrator to check the dashboard's configuration."}
          </p>
          <p>
            Retrying won&apos;t help until the configuration is fixed. Share the request id below with them.
          </p>
          {detailsLine}
        </>,
        false,
      );
      break;
    case "upstream-invalid":
      content = panel(
        "Allo sent data this dashboard couldn't read",
        <>
          <p>
            Allo answered, but not in the shape this dashboard expects, so showing it could be wrong. If it
            keeps happening, send the request id to whoever maintains this dashboard.
          </p>
          {retryLine()}
          {detailsLine}
        </>,
      );
      break;
    default:
      content = panel(
        "Something went wrong",
        <>
          <p>
            This item couldn&apos;t be shown because of an unexpected problem in the dashboard. Try again in a
            moment.
          </p>
          {retryLine()}
          {detailsLine}
        </>,
      );
  }
  // Keyed by the request: a refresh that fails again starts its recovery afresh from its own error.
  return (
    <ItemRecovery key={requestId ?? code} itemId={itemId} initialError={toWireError(error)}>
      {content}
    </ItemRecovery>
  );
}
