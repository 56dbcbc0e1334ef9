/**
 * A short-TTL, bounded, in-memory cache of item lookups with request coalescing: a burst of
 * agents opening the same notification costs one upstream call.
 *
 * - Fresh items live `ttlMs`; an item whose summary is still being generated lives only
 *   `pendingTtlMs`, so the cache delays the summary by at most that much.
 * - "Not found" is remembered briefly (`notFoundTtlMs`); other errors are never cached.
 * - Concurrent misses for one key share one in-flight promise; the shared upstream call is not
 *   tied to any single caller's AbortSignal, so one agent closing the tab cancels nothing for others.
 * - Least-recently-used eviction beyond `maxEntries`.
 */
import "server-only";
import type { AlloResult } from "@/lib/allo/client.server";
import type { AlloItem } from "@/lib/allo/item";
import { summaryMayArrive } from "@/lib/items/summary-status";

export type CacheOutcome = "hit" | "miss" | "coalesced";

export type ItemCacheOptions = {
  ttlMs?: number;
  pendingTtlMs?: number;
  notFoundTtlMs?: number;
  maxEntries?: number;
  now?: () => number;
};

type Entry = { result: AlloResult; expiresAt: number };

/** A call without its summary yet, which may still get one: cached only briefly. */
export function isSummaryPending(item: AlloItem, nowMs: number): boolean {
  return item.summary === null && summaryMayArrive(item, nowMs);
}

export function createItemCache(
  load: (key: string, requestId?: string) => Promise<AlloResult>,
  options: ItemCacheOptions = {},
) {
  const ttlMs = options.ttlMs ?? 30_000;
  const pendingTtlMs = options.pendingTtlMs ?? 2_000;
  const notFoundTtlMs = options.notFoundTtlMs ?? 5_000;
  const maxEntries = options.maxEntries ?? 500;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const inflight = new Map<string, Promise<AlloResult>>();

  function ttlFor(result: AlloResult): number {
    // A pending item never outlives a normal one: with the cache off (ttl 0) nothing is kept.
    if (result.ok) return isSummaryPending(result.item, now()) ? Math.min(pendingTtlMs, ttlMs) : ttlMs;
    return result.error.code === "CONVERSATION_ITEM_NOT_FOUND" ? notFoundTtlMs : 0;
  }

  /** `requestId` is sent upstream when this call is the one that loads (a miss). */
  async function get(
    key: string,
    requestId?: string,
  ): Promise<{ result: AlloResult; outcome: CacheOutcome }> {
    const cached = entries.get(key);
    if (cached && cached.expiresAt > now()) {
      // Re-insert to mark as most recently used.
      entries.delete(key);
      entries.set(key, cached);
      return { result: cached.result, outcome: "hit" };
    }
    if (cached) entries.delete(key);

    const running = inflight.get(key);
    if (running) return { result: await running, outcome: "coalesced" };

    const promise = load(key, requestId)
      .then((result) => {
        const ttl = ttlFor(result);
        if (ttl > 0) {
          entries.set(key, { result, expiresAt: now() + ttl });
          while (entries.size > maxEntries) {
            const oldest = entries.keys().next().value;
            if (oldest === undefined) break;
            entries.delete(oldest);
          }
        }
        return result;
      })
      .finally(() => inflight.delete(key));
    inflight.set(key, promise);
    return { result: await promise, outcome: "miss" };
  }

  return {
    get,
    get size() {
      return entries.size;
    },
    clear() {
      entries.clear();
    },
  };
}

export type ItemCache = ReturnType<typeof createItemCache>;
