/**
 * A short-TTL, bounded, in-memory cache of item lookups with request coalescing: a burst of
 * agents opening the same notification costs one upstream call.
 *
 * - Fresh items live `ttlMs`; an item whose summary is still being generated lives only
 *   `pendingTtlMs`, so the cache delays the summary by at most that much.
 * - "Not found" is remembered briefly (`notFoundTtlMs`, never longer than `ttlMs`, so a TTL of 0
 *   turns all caching off); other errors are never cached.
 * - Concurrent misses for one key share one in-flight load. The load is not tied to any single
 *   caller's AbortSignal, so one agent closing the tab cancels nothing for the others; but when
 *   *every* caller waiting for it has gone, the load is aborted, which frees its place in the
 *   limiter's queue (or cancels the request to Allo).
 * - Bounded by bytes, not entries: Allo's items range from a few KB to megabytes (a long
 *   transcript), so a count says little about memory. Each entry is budgeted at the size of
 *   Allo's JSON body; least-recently-used entries go first, and an entry larger than the whole
 *   budget is not kept at all.
 */
import "server-only";
import type { AlloResult } from "@/lib/allo/client.server";
import type { AlloItem } from "@/lib/allo/item";
import { CallviewError } from "@/lib/api/errors";
import { summaryMayArrive } from "@/lib/items/summary-status";

export type CacheOutcome = "hit" | "miss" | "coalesced";

export type ItemCacheOptions = {
  ttlMs?: number;
  pendingTtlMs?: number;
  notFoundTtlMs?: number;
  /** Budget for all entries together, in bytes of Allo's JSON bodies. */
  maxBytes?: number;
  /** A second bound on the number of entries (many tiny "not found" entries). */
  maxEntries?: number;
  now?: () => number;
};

/** What a load is told: the request id to send upstream, the fair-share key, and when to give up. */
export type LoadContext = {
  requestId?: string;
  user?: string | null;
  signal: AbortSignal;
  /** Passed to the client: retries only within this window (see GetItemOptions). */
  retryWithinMs?: number;
};

export type CacheGetOptions = {
  /** Sent upstream when this call is the one that loads (a miss). */
  requestId?: string;
  /** Fair-share key of the caller who loads. */
  user?: string | null;
  /** This caller giving up; the shared load is aborted only once every waiter has. */
  signal?: AbortSignal;
  /** When this call is the one that loads: retry only within this window. */
  retryWithinMs?: number;
};

type Entry = { result: AlloResult; expiresAt: number; bytes: number };
type Inflight = {
  promise: Promise<AlloResult>;
  controller: AbortController;
  waiters: number;
  /** Invalidated while loading: its answer goes to its waiters but is not kept. */
  stale?: boolean;
};

/**
 * What lookups rely on, whichever cache serves them: this in-process one, or the one shared by
 * several instances on Redis (./redis/redis-item-cache.server.ts).
 */
export type ItemLookupCache = {
  get(key: string, options?: CacheGetOptions): Promise<{ result: AlloResult; outcome: CacheOutcome }>;
  /** Forgets `key` (an item that changed, e.g. its tags): the next lookup asks Allo. */
  invalidate(key: string): Promise<void>;
  /** Loads in flight in this process (each possibly shared by several callers). */
  readonly loading: number;
};

export type ItemTtls = { ttlMs: number; pendingTtlMs: number; notFoundTtlMs: number };

/**
 * How long a result may be kept: the TTL; a pending summary `pendingTtlMs`; "not found"
 * `notFoundTtlMs`; other errors 0 (never). Nothing outlives the TTL, so a TTL of 0 keeps nothing.
 */
export function itemTtlMs(result: AlloResult, ttls: ItemTtls, nowMs: number): number {
  if (result.ok) {
    return isSummaryPending(result.item, nowMs) ? Math.min(ttls.pendingTtlMs, ttls.ttlMs) : ttls.ttlMs;
  }
  return result.error.code === "CONVERSATION_ITEM_NOT_FOUND" ? Math.min(ttls.notFoundTtlMs, ttls.ttlMs) : 0;
}

/** Entries without a known body size (errors, results from elsewhere) are budgeted at this. */
const MIN_ENTRY_BYTES = 512;

export const DEFAULT_ITEM_CACHE_MAX_BYTES = 64 * 1024 * 1024;

/** A call without its summary yet, which may still get one: cached only briefly. */
export function isSummaryPending(item: AlloItem, nowMs: number): boolean {
  return item.summary === null && summaryMayArrive(item, nowMs);
}

function cancelledResult(requestId?: string): AlloResult {
  return {
    ok: false,
    attempts: 0,
    error: new CallviewError({
      code: "UPSTREAM_UNAVAILABLE",
      retryable: true,
      requestId: requestId ?? null,
      message: "The request was cancelled.",
    }),
  };
}

export function createItemCache(
  load: (key: string, context: LoadContext) => Promise<AlloResult>,
  options: ItemCacheOptions = {},
) {
  const ttlMs = options.ttlMs ?? 30_000;
  const pendingTtlMs = options.pendingTtlMs ?? 2_000;
  const notFoundTtlMs = options.notFoundTtlMs ?? 5_000;
  const maxBytes = options.maxBytes ?? DEFAULT_ITEM_CACHE_MAX_BYTES;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const inflight = new Map<string, Inflight>();
  let totalBytes = 0;

  function ttlFor(result: AlloResult): number {
    return itemTtlMs(result, { ttlMs, pendingTtlMs, notFoundTtlMs }, now());
  }

  function remove(key: string) {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    totalBytes -= entry.bytes;
  }

  function store(key: string, result: AlloResult) {
    const ttl = ttlFor(result);
    if (ttl <= 0) return;
    const bytes = Math.max(MIN_ENTRY_BYTES, result.ok ? (result.bodyBytes ?? 0) : 0);
    remove(key);
    if (bytes > maxBytes) return;
    entries.set(key, { result, expiresAt: now() + ttl, bytes });
    totalBytes += bytes;
    // Map order is insertion order and hits re-insert, so the first key is the least recently used.
    while (totalBytes > maxBytes || entries.size > maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      remove(oldest);
    }
  }

  /** Waits for a shared load as one of its waiters; leaving early may abort it for everyone. */
  function wait(key: string, running: Inflight, signal?: AbortSignal): Promise<AlloResult> {
    running.waiters++;
    if (!signal) return running.promise;
    if (signal.aborted) {
      leave(key, running);
      return Promise.resolve(cancelledResult());
    }
    return new Promise<AlloResult>((resolve) => {
      const onAbort = () => {
        leave(key, running);
        resolve(cancelledResult());
      };
      signal.addEventListener("abort", onAbort, { once: true });
      void running.promise.then((result) => {
        signal.removeEventListener("abort", onAbort);
        resolve(result);
      });
    });
  }

  function leave(key: string, running: Inflight) {
    running.waiters--;
    if (running.waiters > 0) return;
    running.controller.abort();
    // A newcomer must not join a load that is being cancelled.
    if (inflight.get(key) === running) inflight.delete(key);
  }

  async function get(
    key: string,
    getOptions: CacheGetOptions = {},
  ): Promise<{ result: AlloResult; outcome: CacheOutcome }> {
    const cached = entries.get(key);
    if (cached && cached.expiresAt > now()) {
      // Re-insert to mark as most recently used.
      entries.delete(key);
      entries.set(key, cached);
      return { result: cached.result, outcome: "hit" };
    }
    if (cached) remove(key);

    const running = inflight.get(key);
    if (running) return { result: await wait(key, running, getOptions.signal), outcome: "coalesced" };

    const controller = new AbortController();
    const started: Inflight = {
      controller,
      waiters: 0,
      promise: load(key, {
        requestId: getOptions.requestId,
        user: getOptions.user,
        signal: controller.signal,
        retryWithinMs: getOptions.retryWithinMs,
      })
        .then((result) => {
          // An aborted load's answer ("cancelled") says nothing about the item, and an
          // invalidated one may predate the change.
          if (!controller.signal.aborted && !started.stale) store(key, result);
          return result;
        })
        .finally(() => {
          if (inflight.get(key) === started) inflight.delete(key);
        }),
    };
    inflight.set(key, started);
    return { result: await wait(key, started, getOptions.signal), outcome: "miss" };
  }

  /**
   * Forgets an item that has changed (a tag added or removed here or in Allo). A load already
   * in flight still answers its waiters, but is not kept, and the next caller loads afresh.
   * Asynchronous so a shared (Redis) cache can implement the same signature.
   */
  async function invalidate(key: string): Promise<void> {
    remove(key);
    const running = inflight.get(key);
    if (running) {
      running.stale = true;
      inflight.delete(key);
    }
  }

  return {
    get,
    invalidate,
    get size() {
      return entries.size;
    },
    /** Bytes budgeted by the entries now held. */
    get bytes() {
      return totalBytes;
    },
    /** Loads in flight (each possibly shared by several callers). */
    get loading() {
      return inflight.size;
    },
    clear() {
      entries.clear();
      totalBytes = 0;
    },
  };
}

export type ItemCache = ReturnType<typeof createItemCache>;
