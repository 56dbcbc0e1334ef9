"use client";

/**
 * How an item page that the server could not show recovers in the browser. It waits out the
 * retry policy's first delay, then asks the dashboard's API itself; React Query retries on the
 * schedule `itemRecoveryQueryOptions` owns. This hook only *reads* that schedule (from the query
 * cache's "failed" events) to show a countdown. Once the browser has an answer the server
 * should render (the item, or an error that retrying won't fix), `settled` turns true and the
 * caller renders the page again.
 */
import { hashKey, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { errorFromWire, type WireError } from "@/lib/api/errors";
import { firstRecoveryDelayMs, itemRecoveryQueryOptions, recoveryRetryDelayMs } from "@/lib/items/item-query";
import { recoveryStatus } from "./recovery-status";

/** When the next automatic attempt starts (browser clock), as a tiny external store. */
function createRetryClock() {
  let retryAt: number | null = null;
  const listeners = new Set<() => void>();
  return {
    get: () => retryAt,
    set(value: number | null) {
      retryAt = value;
      for (const notify of listeners) notify();
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

export function useItemRecovery(id: string, initialError: WireError) {
  const serverError = useMemo(() => errorFromWire(initialError, 502), [initialError]);
  const options = itemRecoveryQueryOptions(id, serverError.requestId);
  const queryClient = useQueryClient();
  const [clock] = useState(createRetryClock);
  const retryAt = useSyncExternalStore(clock.subscribe, clock.get, () => null);
  // The browser waits (countdown) before its first own attempt.
  const [clientEnabled, setClientEnabled] = useState(false);

  const query = useQuery({ ...options, enabled: clientEnabled });

  useEffect(() => {
    if (clientEnabled) return;
    const delay = firstRecoveryDelayMs(serverError);
    if (delay === null) return;
    clock.set(Date.now() + delay);
    const timer = setTimeout(() => setClientEnabled(true), delay);
    return () => clearTimeout(timer);
  }, [clientEnabled, serverError, clock]);

  const queryHash = hashKey(options.queryKey);
  useEffect(() => {
    return queryClient.getQueryCache().subscribe((event) => {
      if (event.type !== "updated" || event.query.queryHash !== queryHash) return;
      const { action } = event;
      // "failed" is dispatched only when a retry follows, with the count after this failure.
      if (action.type === "failed") {
        const delay = recoveryRetryDelayMs(action.error, action.failureCount);
        clock.set(delay === null ? null : Date.now() + delay);
      } else if (action.type === "success" || action.type === "error") {
        clock.set(null);
      }
    });
  }, [queryClient, queryHash, clock]);

  const error: unknown = query.error ?? query.failureReason ?? serverError;
  const fetching = query.fetchStatus === "fetching";
  const recovery = recoveryStatus(error, { fetching, started: clientEnabled, retryAt });
  // The item, or an answer no retry will change: the server should render the page again.
  const settled = query.isSuccess || (query.isError && firstRecoveryDelayMs(query.error) === null);

  function retryNow() {
    clock.set(null);
    if (!clientEnabled) {
      setClientEnabled(true);
      return;
    }
    // A retry waiting out its backoff would otherwise keep waiting: cancel it, start afresh.
    void queryClient.cancelQueries({ queryKey: options.queryKey }).then(() => query.refetch());
  }

  return { error, recovery, settled, retryNow };
}
