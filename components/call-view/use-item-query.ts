"use client";

/**
 * The item for the page, and how its recovery stands when it could not be loaded. Data arrives
 * hydrated from the server render (no fetch on first load). When the server's lookup failed,
 * the browser waits out the retry policy's first delay, then asks itself; React Query then
 * retries on the schedule `itemQueryOptions` owns. This hook only *reads* that schedule (from
 * the query cache's "failed" events) to show a countdown.
 */
import { hashKey, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { errorFromWire, type WireError } from "@/lib/api/errors";
import { itemQueryKey, itemQueryOptions, itemRetryDelayMs } from "@/lib/items/item-query";
import type { RecoveryStatus } from "@/components/states/item-error-state";

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

export function useItemQuery(id: string, initialError: WireError | null) {
  const serverError = useMemo(() => (initialError ? errorFromWire(initialError, 502) : null), [initialError]);
  const context = useMemo(() => ({ priorFailures: serverError ? 1 : 0 }), [serverError]);
  const queryClient = useQueryClient();
  const [clock] = useState(createRetryClock);
  const retryAt = useSyncExternalStore(clock.subscribe, clock.get, () => null);
  // After a server-side failure the browser waits (countdown) before its first own attempt.
  const [clientEnabled, setClientEnabled] = useState(serverError === null);

  const query = useQuery({ ...itemQueryOptions(id, context), enabled: clientEnabled });

  useEffect(() => {
    if (clientEnabled || serverError === null) return;
    const delay = itemRetryDelayMs(serverError, 0);
    if (delay === null) return;
    clock.set(Date.now() + delay);
    const timer = setTimeout(() => setClientEnabled(true), delay);
    return () => clearTimeout(timer);
  }, [clientEnabled, serverError, clock]);

  useEffect(() => {
    const hash = hashKey(itemQueryKey(id));
    return queryClient.getQueryCache().subscribe((event) => {
      if (event.type !== "updated" || event.query.queryHash !== hash) return;
      const { action } = event;
      // "failed" is dispatched only when a retry follows, with the count after this failure.
      if (action.type === "failed") {
        const delay = itemRetryDelayMs(action.error, action.failureCount - 1, context);
        clock.set(delay === null ? null : Date.now() + delay);
      } else if (action.type === "success" || action.type === "error") {
        clock.set(null);
      }
    });
  }, [queryClient, id, context, clock]);

  const error: unknown = query.error ?? query.failureReason ?? serverError;
  const fetching = query.fetchStatus === "fetching";
  const recovery: RecoveryStatus = {
    fetching,
    retryAt,
    auto:
      error === null || itemRetryDelayMs(error, 0) === null
        ? "none"
        : fetching || (!clientEnabled && serverError !== null)
          ? "scheduled"
          : "stopped",
  };

  function retryNow() {
    clock.set(null);
    if (!clientEnabled) {
      setClientEnabled(true);
      return;
    }
    // A retry waiting out its backoff would otherwise keep waiting: cancel it, start afresh.
    void queryClient.cancelQueries({ queryKey: itemQueryKey(id) }).then(() => query.refetch());
  }

  return { item: query.data ?? null, error, recovery, retryNow };
}
