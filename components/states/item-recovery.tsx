"use client";

/**
 * The client side of an item's error panel (./item-error-panel): the countdown to the next
 * automatic attempt and "Retry now". The browser asks the dashboard's API itself; when it gets
 * the item, or an error retrying won't fix, it refreshes the page, and the server renders what
 * there is to show (the call, or the right panel).
 */
import { useRouter } from "next/navigation";
import { createContext, useContext, useEffect, useTransition, type ReactNode } from "react";
import { CallviewError, type WireError } from "@/lib/api/errors";
import { buttonClass } from "@/components/ui/button-styles";
import { useRenderedNow } from "@/components/ui/use-now";
import { useItemRecovery, type RecoveryStatus } from "./use-item-recovery";

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

type Recovery = {
  phase: RecoveryPhase;
  /** The last attempt could not reach the dashboard at all (the browser is offline). */
  offline: boolean;
  retryNow: () => void;
};

const RecoveryContext = createContext<Recovery | null>(null);

function useRecovery(): Recovery {
  const recovery = useContext(RecoveryContext);
  if (!recovery) throw new Error("RetryLine and RetryNowButton must be used inside ItemRecovery");
  return recovery;
}

export function ItemRecovery({
  itemId,
  initialError,
  children,
}: {
  itemId: string;
  /** What the server's lookup failed with. */
  initialError: WireError;
  children: ReactNode;
}) {
  const router = useRouter();
  const [refreshing, startRefresh] = useTransition();
  const { error, recovery, settled, retryNow } = useItemRecovery(itemId, initialError);
  const now = useRenderedNow(1_000);

  useEffect(() => {
    if (settled) startRefresh(() => router.refresh());
  }, [settled, router]);

  const value: Recovery = {
    phase: settled || refreshing ? { kind: "requesting" } : recoveryPhase(recovery, now),
    offline: !(error instanceof CallviewError),
    retryNow,
  };
  return <RecoveryContext.Provider value={value}>{children}</RecoveryContext.Provider>;
}

/** "Retrying in 3 s…", "Retrying now…", or that retries stopped; announced once per phase, not per second. */
export function RetryLine({ rateLimited = false }: { rateLimited?: boolean }) {
  const { phase, offline } = useRecovery();
  let text: string | null;
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
      text = null;
      announcement = "";
  }
  const sentence =
    text === null
      ? null
      : rateLimited
        ? `Allo is rate limiting this dashboard — ${text}`
        : `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
  return (
    <>
      {offline ? (
        <p className="font-medium text-zinc-900 dark:text-zinc-100">
          Your browser couldn&apos;t reach this dashboard. Check your connection.
        </p>
      ) : null}
      {sentence ? (
        <p className="font-medium text-zinc-900 tabular-nums dark:text-zinc-100">{sentence}</p>
      ) : null}
      {/* Always in the page: a live region must exist before it speaks. */}
      <p role="status" className="sr-only">
        {announcement}
      </p>
    </>
  );
}

/** Clickable during a countdown (to skip the wait), not while a request is under way. */
export function RetryNowButton() {
  const { phase, retryNow } = useRecovery();
  const requesting = phase.kind === "requesting";
  return (
    <button type="button" onClick={retryNow} disabled={requesting} className={buttonClass("primary")}>
      {requesting ? "Retrying…" : "Retry now"}
    </button>
  );
}
