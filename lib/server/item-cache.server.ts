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
import {
  createKeyedCache,
  type KeyedCacheGet,
  type KeyedCacheOutcome,
  type KeyedLoadContext,
} from "./keyed-cache.server";

export type CacheOutcome = KeyedCacheOutcome;

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
export type LoadContext = KeyedLoadContext;

export type CacheGetOptions = KeyedCacheGet;

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

/** What a caller that gave up gets (its own answer, never stored); also the shared cache's. */
export function cancelledLookup(): AlloResult {
  return {
    ok: false,
    attempts: 0,
    error: new CallviewError({
      code: "UPSTREAM_UNAVAILABLE",
      retryable: true,
      message: "The request was cancelled.",
    }),
  };
}

export function createItemCache(
  load: (key: string, context: LoadContext) => Promise<AlloResult>,
  options: ItemCacheOptions = {},
) {
  const ttls: ItemTtls = {
    ttlMs: options.ttlMs ?? 30_000,
    pendingTtlMs: options.pendingTtlMs ?? 2_000,
    notFoundTtlMs: options.notFoundTtlMs ?? 5_000,
  };
  const now = options.now ?? Date.now;
  return createKeyedCache<AlloResult>(load, {
    ttlFor: (result) => itemTtlMs(result, ttls, now()),
    // Allo's JSON body; errors carry none.
    bytesOf: (result) => (result.ok ? (result.bodyBytes ?? 0) : 0),
    // An aborted load's answer says nothing about the item (the keyed cache never keeps it).
    cancelled: cancelledLookup,
    maxBytes: options.maxBytes ?? DEFAULT_ITEM_CACHE_MAX_BYTES,
    maxEntries: options.maxEntries ?? 10_000,
    minEntryBytes: MIN_ENTRY_BYTES,
    now,
  });
}

export type ItemCache = ReturnType<typeof createItemCache>;
