"use client";

import type { ReactNode } from "react";
import { CallviewError } from "@/lib/api/errors";
import { errorStateFor, type ErrorState } from "@/lib/items/error-state";
import { useNow } from "@/components/ui/use-now";
import { MalformedIdPanel } from "./malformed-id";
import { NotFoundPanel } from "./not-found-panel";
import { StatePanel } from "./state-panel";
import { buttonClass } from "@/components/ui/button-styles";

/** Where automatic recovery stands; the countdown itself is computed here from `retryAt`. */
export type RecoveryStatus = {
  /** A request for the item is in flight or waiting for its retry delay. */
  fetching: boolean;
  /** When the next automatic attempt starts (browser clock), if one is scheduled. */
  retryAt: number | null;
  /** "scheduled": an automatic retry will happen; "stopped": they ran out; "none": never for this error. */
  auto: "scheduled" | "stopped" | "none";
};

/** Errors that are not Callview's (a failed `fetch` to the dashboard itself) are connectivity problems. */
function panelStateFor(error: unknown): ErrorState | "offline" {
  return error instanceof CallviewError ? errorStateFor(error.code) : "offline";
}

/** What automatic recovery is doing at `now`: counting down, requesting, given up, or nothing. */
function recoveryPhase(status: RecoveryStatus, now: number) {
  const secondsLeft = status.retryAt !== null ? Math.ceil((status.retryAt - now) / 1000) : 0;
  if (secondsLeft > 0 && status.auto !== "none") return { kind: "countdown" as const, secondsLeft };
  if (status.fetching) return { kind: "requesting" as const };
  if (status.auto === "scheduled") return { kind: "soon" as const };
  if (status.auto === "stopped") return { kind: "stopped" as const };
  return { kind: "idle" as const };
}

type RecoveryPhase = ReturnType<typeof recoveryPhase>;

function RetryLine({ phase, rateLimited }: { phase: RecoveryPhase; rateLimited: boolean }) {
  let text: string;
  // The live region only changes with the phase; the per-second countdown is not announced.
  let announcement: string;
  switch (phase.kind) {
    case "countdown":
      text = `retrying in ${phase.secondsLeft} s…`;
      announcement = "Retrying automatically.";
      break;
    case "requesting":
      text = "retrying now…";
      announcement = "Retrying now.";
      break;
    case "soon":
      text = "retrying shortly…";
      announcement = "Retrying automatically.";
      break;
    case "stopped":
      text = rateLimited
        ? "still limited after several tries. Try again in a minute."
        : "still no answer after several tries. Try again in a minute.";
      announcement = "Automatic retries stopped.";
      break;
    default:
      return null;
  }
  const sentence = rateLimited
    ? `Allo is rate limiting this dashboard — ${text}`
    : `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
  return (
    <>
      <p className="font-medium text-zinc-900 tabular-nums dark:text-zinc-100">{sentence}</p>
      <p role="status" className="sr-only">
        {announcement}
      </p>
    </>
  );
}

/**
 * One panel per class of failure. Transient ones (rate limiting, Allo down or slow) recover by
 * themselves and show the countdown; permanent ones say who can fix them.
 */
export function ItemErrorState({
  error,
  itemId,
  status,
  onRetry,
  renderedAt,
}: {
  error: unknown;
  itemId: string;
  status: RecoveryStatus;
  onRetry: () => void;
  renderedAt: number;
}) {
  const state = panelStateFor(error);
  const now = useNow(renderedAt, 1_000);
  const phase = recoveryPhase(status, now);
  // Clickable during a countdown (to skip the wait), not while a request is under way.
  const requesting = phase.kind === "requesting";
  const requestId = error instanceof CallviewError ? error.requestId : null;
  const code = error instanceof CallviewError ? error.code : null;
  const details = error instanceof CallviewError ? error.message : null;

  const retryButton = (
    <button type="button" onClick={onRetry} disabled={requesting} className={buttonClass("primary")}>
      {requesting ? "Retrying…" : "Retry now"}
    </button>
  );
  const homeLink = (
    <a href="/" className={buttonClass("secondary")}>
      Open another item
    </a>
  );
  const detailsLine = details ? (
    <p className="text-xs text-zinc-600 dark:text-zinc-400">
      Details: <span className="break-words">{details}</span>
    </p>
  ) : null;

  /** The frame of every panel for this item; `recoverable` ones offer "Retry now" first. */
  const panel = (title: string, body: ReactNode, recoverable = true) => (
    <StatePanel
      title={title}
      itemId={itemId}
      requestId={requestId}
      actions={
        recoverable ? (
          <>
            {retryButton}
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

  switch (state) {
    case "not-found":
      return <NotFoundPanel id={itemId} requestId={requestId} />;
    case "invalid-id":
      return <MalformedIdPanel id={itemId} />;
    case "rate-limited":
      return panel(
        "Too many requests to Allo",
        <>
          <RetryLine phase={phase} rateLimited />
          <p>
            Allo limits how often this dashboard may ask for data, and the limit was reached just now. Nothing
            is wrong with this link: the item appears here by itself as soon as Allo answers, no need to
            reload.
          </p>
        </>,
      );
    case "upstream-down":
    case "upstream-slow":
    case "offline":
      return panel(
        state === "offline" ? "Callview can't be reached" : "Allo isn't responding",
        <>
          <p>
            {state === "upstream-slow"
              ? "Allo took too long to answer, so this item can't be shown right now."
              : state === "offline"
                ? "Your browser couldn't reach this dashboard. Check your connection."
                : "Allo couldn't be reached or answered with an error, so this item can't be shown right now."}{" "}
            The link itself is fine.
          </p>
          <RetryLine phase={phase} rateLimited={false} />
          {detailsLine}
        </>,
      );
    case "misconfigured":
      return panel(
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
    case "signed-out":
      return (
        <StatePanel
          title="Your session has ended"
          itemId={itemId}
          requestId={requestId}
          actions={
            <a
              href={`/auth/sign-in?returnTo=${encodeURIComponent(typeof window === "undefined" ? "/" : `${window.location.pathname}${window.location.search}`)}`}
              className={buttonClass("primary")}
            >
              Sign in again
            </a>
          }
        >
          <p>Sign in again to keep reading this item; you will come back to this exact page.</p>
        </StatePanel>
      );
    case "upstream-invalid":
      return panel(
        "Allo sent data this dashboard couldn't read",
        <>
          <p>
            Allo answered, but not in the shape this dashboard expects, so showing it could be wrong. If it
            keeps happening, send the request id to whoever maintains this dashboard.
          </p>
          <p role="status">{requesting ? "Retrying now…" : ""}</p>
          {detailsLine}
        </>,
      );
    default:
      return panel(
        "Something went wrong",
        <>
          <p>
            This item couldn&apos;t be shown because of an unexpected problem in the dashboard. Try again in a
            moment.
          </p>
          <RetryLine phase={phase} rateLimited={false} />
          {detailsLine}
        </>,
      );
  }
}
