/**
 * An in-memory cache of upstream answers by key: items (./item-cache.server.ts gives it their
 * lifetimes), contact histories, the workspace's tags, the key's scopes.
 *
 * - each answer lives as long as `ttlFor` says (0: not kept, e.g. errors);
 * - concurrent misses for one key share one load; the load is tied to no single caller, and it
 *   is aborted only when every caller waiting for it has gone (which frees its limiter slot);
 * - bounded by bytes (`bytesOf`, the size of Allo's body) and by entry count, least recently
 *   used first; an answer larger than the whole budget is not kept;
 * - `invalidate(key)` forgets the entry, and a load already in flight for that key is not
 *   stored when it lands (it may predate the change), while newcomers start a fresh one.
 */
import "server-only";

export type KeyedCacheOutcome = "hit" | "miss" | "coalesced";

export type KeyedCacheOptions<R> = {
  /** How long an answer is kept, in ms; 0 or less: not kept. */
  ttlFor(result: R): number;
  /** What an answer costs against `maxBytes`. */
  bytesOf(result: R): number;
  /** What a caller who gave up gets (its own answer, never stored). */
  cancelled(): R;
  maxBytes: number;
  maxEntries?: number;
  /** Every entry counts at least this against `maxBytes`, so many tiny answers still count. */
  minEntryBytes?: number;
  now?: () => number;
};

export type KeyedCacheGet = {
  /** This caller giving up; the shared load is aborted only once every waiter has. */
  signal?: AbortSignal;
  /** Sent upstream when this caller is the one that loads (a miss). */
  requestId?: string;
  /** Fair-share key of the caller who loads. */
  user?: string | null;
  /** When this caller is the one that loads: retry only within this window (see GetItemOptions). */
  retryWithinMs?: number;
};

/** What a load is told: the loader's request id, fair-share key and retry window, and when to give up. */
export type KeyedLoadContext = {
  signal: AbortSignal;
  requestId?: string;
  user?: string | null;
  retryWithinMs?: number;
};

type Entry<R> = { result: R; expiresAt: number; bytes: number };
type Inflight<R> = { promise: Promise<R>; controller: AbortController; waiters: number; stale: boolean };

const DEFAULT_MIN_ENTRY_BYTES = 256;

export function createKeyedCache<R>(
  load: (key: string, context: KeyedLoadContext) => Promise<R>,
  options: KeyedCacheOptions<R>,
) {
  const maxEntries = options.maxEntries ?? 5_000;
  const minEntryBytes = options.minEntryBytes ?? DEFAULT_MIN_ENTRY_BYTES;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry<R>>();
  const inflight = new Map<string, Inflight<R>>();
  let totalBytes = 0;

  function remove(key: string) {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    totalBytes -= entry.bytes;
  }

  function store(key: string, result: R) {
    const ttl = options.ttlFor(result);
    if (ttl <= 0) return;
    const bytes = Math.max(minEntryBytes, options.bytesOf(result));
    remove(key);
    if (bytes > options.maxBytes) return;
    entries.set(key, { result, expiresAt: now() + ttl, bytes });
    totalBytes += bytes;
    // Map order is insertion order and hits re-insert, so the first key is the least recently used.
    while (totalBytes > options.maxBytes || entries.size > maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      remove(oldest);
    }
  }

  function leave(key: string, running: Inflight<R>) {
    running.waiters--;
    if (running.waiters > 0) return;
    running.controller.abort();
    if (inflight.get(key) === running) inflight.delete(key);
  }

  function wait(key: string, running: Inflight<R>, signal?: AbortSignal): Promise<R> {
    running.waiters++;
    if (!signal) return running.promise;
    if (signal.aborted) {
      leave(key, running);
      return Promise.resolve(options.cancelled());
    }
    return new Promise<R>((resolve) => {
      const onAbort = () => {
        leave(key, running);
        resolve(options.cancelled());
      };
      signal.addEventListener("abort", onAbort, { once: true });
      void running.promise.then((result) => {
        signal.removeEventListener("abort", onAbort);
        resolve(result);
      });
    });
  }

  async function get(
    key: string,
    getOptions: KeyedCacheGet = {},
  ): Promise<{ result: R; outcome: KeyedCacheOutcome }> {
    const cached = entries.get(key);
    if (cached && cached.expiresAt > now()) {
      entries.delete(key);
      entries.set(key, cached);
      return { result: cached.result, outcome: "hit" };
    }
    if (cached) remove(key);

    const running = inflight.get(key);
    if (running) return { result: await wait(key, running, getOptions.signal), outcome: "coalesced" };

    const controller = new AbortController();
    const started: Inflight<R> = {
      controller,
      waiters: 0,
      stale: false,
      promise: load(key, {
        signal: controller.signal,
        requestId: getOptions.requestId,
        user: getOptions.user,
        retryWithinMs: getOptions.retryWithinMs,
      })
        .then((result) => {
          // A cancelled load says nothing about the key; an invalidated one may predate a change.
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

  return {
    get,
    /** Forgets `key`; a load in flight for it still answers its waiters but is not kept. */
    async invalidate(key: string): Promise<void> {
      remove(key);
      const running = inflight.get(key);
      if (running) {
        running.stale = true;
        inflight.delete(key);
      }
    },
    get size() {
      return entries.size;
    },
    get bytes() {
      return totalBytes;
    },
    get loading() {
      return inflight.size;
    },
    clear() {
      entries.clear();
      totalBytes = 0;
    },
  };
}

export type KeyedCache<R> = ReturnType<typeof createKeyedCache<R>>;
