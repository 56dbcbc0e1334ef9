"use client";

/**
 * Waits for a call's AI summary when it is still being generated (the agent often opens the
 * page seconds after hanging up). Polls the item every 3 s for the first minute, then backs off,
 * stops after five minutes or on a permanent error, and never polls for calls that will not
 * get a summary (missed, blocked, failed) or that ended long ago (lib/items/summary-status).
 * The summary itself reaches the page through React Query's item, which a poll updates.
 */
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { CallviewError } from "@/lib/api/errors";
import type { PublicItem } from "@/lib/items/public-item";
import { itemQueryOptions } from "@/lib/items/item-query";
import { summaryExpectation } from "@/lib/items/summary-status";

/** How long one round of polling lasts before the page asks the agent to refresh by hand. */
const SUMMARY_MAX_POLL_MS = 5 * 60_000;

/**
 * Delay before poll number `pollsSoFar + 1`: every 3 s for the first 20 polls (a summary usually
 * lands within a minute of the call ending, and the server cache holds a pending item 2 s at
 * most), then backing off to 6 s, 12 s and 15 s.
 */
function summaryPollDelayMs(pollsSoFar: number): number {
  const n = Math.max(0, pollsSoFar);
  if (n < 20) return 3_000;
  return Math.min(15_000, 3_000 * 2 ** (n - 19));
}

/**
 * `waiting` while polling goes on; false once this round's budget is spent or the dashboard
 * answered with an error retrying won't fix. `refresh` starts a new round.
 */
export function usePendingSummary({ id, item, now }: { id: string; item: PublicItem; now: number }) {
  const expectation = summaryExpectation(item, now);
  // Each manual "Refresh" starts a new round of polling with its own five-minute budget.
  const [round, setRound] = useState(0);
  const [expiredRound, setExpiredRound] = useState<number | null>(null);
  const pollStart = useRef<{ round: number; baseCount: number } | null>(null);

  const polling = expectation === "wait" && expiredRound !== round;

  const query = useQuery({
    ...itemQueryOptions(id),
    refetchInterval: polling
      ? (current) => {
          if (current.state.data?.summary) return false;
          const error = current.state.error;
          if (error instanceof CallviewError && !error.retryable) return false;
          const count = current.state.dataUpdateCount;
          if (pollStart.current?.round !== round) pollStart.current = { round, baseCount: count };
          return summaryPollDelayMs(count - pollStart.current.baseCount);
        }
      : false,
  });

  useEffect(() => {
    if (!polling) return;
    const timer = setTimeout(() => setExpiredRound(round), SUMMARY_MAX_POLL_MS);
    return () => clearTimeout(timer);
  }, [polling, round]);

  const permanentError = query.error instanceof CallviewError && !query.error.retryable;
  return {
    waiting: polling && !permanentError,
    refreshing: query.isFetching,
    refresh: () => {
      setRound((value) => value + 1);
      void query.refetch();
    },
  };
}
