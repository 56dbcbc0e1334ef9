/**
 * The item cache shared by every instance (CALLVIEW_REDIS_URL): the same TTL rules as the
 * in-process cache (../item-cache.server.ts), in Redis, with coalescing across instances, so a
 * burst of agents opening one notification costs one upstream call however the load balancer
 * spreads them.
 *
 * Keys (under the connection's prefix), for item `<id>`:
 * - `items:v1:<id>`: the result as JSON (`<token>` + JSON), PX = the TTL (normal, pending
 *   summary 2 s at most, "not found" 5 s, none longer than the TTL; 0 keeps nothing);
 * - `items:v1:<id>:lock`: the token of the instance loading it, `SET NX PX lockTtlMs`, renewed
 *   while the load runs; if that instance dies, the lock expires and another one loads;
 * - `items:v1:<id>:handoff:<token>`: a result that is not cached (an error, or a TTL of 0),
 *   kept a few seconds for the instances that waited on that very load, and for nobody else.
 * `v1` is the stored form's version: a release that changes it reads none of the old values.
 *
 * A lookup: GET the value (hit). Otherwise one load per instance at most (in-process
 * coalescing, as the in-process cache does, with the same "abort when every waiter has gone"),
 * which claims the lock in one script (value, or lock, or "someone else has it"). The claimant
 * loads through the limiter and writes the value (and frees the lock) in one script, unless the
 * lock is no longer its own (invalidated meanwhile: its answer may predate the change, so it is
 * handed to its waiters only). The others poll with back-off (10 ms doubling to 200 ms) for the
 * value, the handoff or the lock's end, for at most `maxWaitMs`, then load themselves.
 *
 * Redis unavailable (not connected, or a command failed or timed out): this instance uses its
 * own in-process cache (the same module as without Redis), and tries Redis again after
 * `retryRedisAfterMs`. Invalidations that could not reach Redis are replayed when it is back,
 * and the local cache is dropped then, so nothing it kept outlives the outage.
 *
 * Parsed results are memoised per stored token, so a hit hands every caller the same object and
 * per-object work (the public form, summary evidence) is done once per item version, as with
 * the in-process cache.
 */
import "server-only";
import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import type { AlloResult } from "@/lib/allo/client.server";
import type { AlloItem } from "@/lib/allo/item";
import { isErrorCode } from "@/lib/api/error-codes";
import { CallviewError, type CallviewErrorInit } from "@/lib/api/errors";
import {
  cancelledLookup,
  createItemCache,
  DEFAULT_ITEM_CACHE_MAX_BYTES,
  itemTtlMs,
  type CacheGetOptions,
  type CacheOutcome,
  type ItemCacheOptions,
  type ItemLookupCache,
  type LoadContext,
} from "../item-cache.server";
import { logger as appLogger } from "../logger.server";
import { defineLuaScript, type CallviewRedis } from "./redis-client.server";

export const REDIS_ITEM_CACHE_DEFAULTS = {
  lockTtlMs: 3_000,
  lockRefreshMs: 1_000,
  handoffTtlMs: 5_000,
  retryRedisAfterMs: 1_000,
  pollInitialMs: 10,
  pollMaxMs: 200,
} as const;

/** Ids longer than this are served by the local cache only (keys stay small; Allo's are short). */
const MAX_KEY_LENGTH = 256;
const TOKEN_LENGTH = 16;
const MAX_PENDING_INVALIDATIONS = 10_000;

// CLAIM. KEYS: value, lock. ARGV: token, lock ttl. The value if there is one; else the lock if
// it was free; else who holds it. One step, so a value written between a GET and a SET NX
// cannot be missed.
const CLAIM = defineLuaScript(
  "itemClaim",
  `
local value = redis.call('GET', KEYS[1])
if value then return {'value', value} end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return {'claimed', ''} end
return {'locked', redis.call('GET', KEYS[2]) or ''}
`,
);

// EXTEND. KEYS: lock. ARGV: token, lock ttl. Renews the lock only while it is still ours.
const EXTEND = defineLuaScript(
  "itemExtendLock",
  `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`,
);

// UNLOCK. KEYS: lock. ARGV: token. Frees the lock only if it is still ours.
const UNLOCK = defineLuaScript(
  "itemUnlock",
  `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`,
);

// FINISH. KEYS: value, lock, handoff. ARGV: token, encoded result, ttl (0: not cached), handoff ttl.
// Writes the value only while the lock is still ours: a lock deleted by an invalidation means
// this answer may predate the change. Waiters get it through the handoff in any case.
const FINISH = defineLuaScript(
  "itemFinish",
  `
local ours = redis.call('GET', KEYS[2]) == ARGV[1]
local stored = 0
if ours then
  if tonumber(ARGV[3]) > 0 then
    redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
    stored = 1
  end
  redis.call('DEL', KEYS[2])
end
if stored == 0 then redis.call('SET', KEYS[3], ARGV[2], 'PX', ARGV[4]) end
return stored
`,
);

/** The stored form of a result: plain JSON, errors as their constructor's fields. */
type StoredResult =
  | {
      ok: true;
      item: AlloItem;
      requestId: string;
      attempts: number;
      upstreamStatus: number;
      bodyBytes?: number;
    }
  | { ok: false; attempts: number; error: CallviewErrorInit };

function toStored(result: AlloResult): StoredResult {
  if (result.ok) return result;
  const error = result.error;
  return {
    ok: false,
    attempts: result.attempts,
    error: {
      code: error.code,
      message: error.message,
      retryable: error.retryable,
      requestId: error.requestId,
      retryAfterSeconds: error.retryAfterSeconds,
      param: error.param,
      upstreamCode: error.upstreamCode,
      upstreamStatus: error.upstreamStatus,
    },
  };
}

/** Our own writes, read back; anything unexpected (another version, corruption) is a miss. */
function fromStored(value: unknown): AlloResult | null {
  if (typeof value !== "object" || value === null) return null;
  const stored = value as Partial<Record<string, unknown>>;
  if (stored.ok === true) {
    const item = stored.item as Partial<AlloItem> | undefined;
    if (typeof item !== "object" || item === null || typeof item.id !== "string") return null;
    if (typeof stored.requestId !== "string" || typeof stored.upstreamStatus !== "number") return null;
    return value as AlloResult;
  }
  if (stored.ok === false) {
    const init = stored.error as Partial<CallviewErrorInit> | undefined;
    if (!init || typeof init.code !== "string" || !isErrorCode(init.code) || typeof init.message !== "string")
      return null;
    return {
      ok: false,
      attempts: typeof stored.attempts === "number" ? stored.attempts : 1,
      error: new CallviewError(init as CallviewErrorInit),
    };
  }
  return null;
}

type Loaded = { result: AlloResult; outcome: CacheOutcome };
type Inflight = { promise: Promise<Loaded>; controller: AbortController; waiters: number };
type Memo = { token: string; result: AlloResult; bytes: number };

export type RedisItemCacheOptions = ItemCacheOptions & {
  redis: CallviewRedis;
  /** Longest wait for another instance's load before loading here: the lookup's deadline. */
  maxWaitMs: number;
  lockTtlMs?: number;
  lockRefreshMs?: number;
  handoffTtlMs?: number;
  retryRedisAfterMs?: number;
  logger?: Logger;
};

export function createRedisItemCache(
  load: (key: string, context: LoadContext) => Promise<AlloResult>,
  options: RedisItemCacheOptions,
): ItemLookupCache & {
  /** The in-process cache used while Redis is unavailable (tests read its state). */
  readonly local: ReturnType<typeof createItemCache>;
  /** Whether the next lookup would try Redis. */
  readonly shared: boolean;
} {
  const { redis } = options;
  const ttls = {
    ttlMs: options.ttlMs ?? 30_000,
    pendingTtlMs: options.pendingTtlMs ?? 2_000,
    notFoundTtlMs: options.notFoundTtlMs ?? 5_000,
  };
  const maxBytes = options.maxBytes ?? DEFAULT_ITEM_CACHE_MAX_BYTES;
  const lockTtlMs = options.lockTtlMs ?? REDIS_ITEM_CACHE_DEFAULTS.lockTtlMs;
  const lockRefreshMs = options.lockRefreshMs ?? REDIS_ITEM_CACHE_DEFAULTS.lockRefreshMs;
  const handoffTtlMs = options.handoffTtlMs ?? REDIS_ITEM_CACHE_DEFAULTS.handoffTtlMs;
  const retryRedisAfterMs = options.retryRedisAfterMs ?? REDIS_ITEM_CACHE_DEFAULTS.retryRedisAfterMs;
  const now = options.now ?? Date.now;
  const log = options.logger ?? appLogger();
  const local = createItemCache(load, options);
  const inflight = new Map<string, Inflight>();
  const memo = new Map<string, Memo>();
  let memoBytes = 0;
  const pendingInvalidations = new Set<string>();
  let suspendedUntil = 0;
  let outage = false;

  // Encoded, so no id can spell another id's lock (Allo's ids need no encoding anyway).
  const valueKey = (id: string) => redis.key("items", "v1", encodeURIComponent(id));
  const lockKey = (id: string) => redis.key("items", "v1", encodeURIComponent(id), "lock");
  const handoffKey = (id: string, token: string) =>
    redis.key("items", "v1", encodeURIComponent(id), "handoff", token);

  function usable(id: string): boolean {
    if (!redis.isReady) {
      noteOutage(new Error("Redis not connected"));
      return false;
    }
    return performance.now() >= suspendedUntil && id.length <= MAX_KEY_LENGTH;
  }

  /** A Redis call failed: local cache for a while, one log line per outage. */
  function fallBack(error: unknown) {
    suspendedUntil = performance.now() + retryRedisAfterMs;
    noteOutage(error);
  }

  function noteOutage(error: unknown) {
    if (outage) return;
    outage = true;
    // The memo is only for Redis hits; the local cache takes over and has its own budget.
    memo.clear();
    memoBytes = 0;
    log.warn(
      { error: error instanceof Error ? error.message : String(error) },
      "Redis unavailable: the item cache is local to this instance until it is back",
    );
  }

  async function recovered() {
    if (outage) {
      outage = false;
      // What the local cache kept may have changed elsewhere meanwhile; Redis is the cache again.
      local.clear();
      log.warn("Redis available again: the item cache is shared again");
    }
    const keys = [...pendingInvalidations];
    for (const id of keys) {
      try {
        await redis.run("DEL item", (client) => client.del([valueKey(id), lockKey(id)]));
        pendingInvalidations.delete(id);
      } catch {
        return;
      }
    }
  }
  redis.client.on("ready", () => void recovered());

  function encode(token: string, result: AlloResult): string {
    return token + JSON.stringify(toStored(result));
  }

  /** Parses a stored value, reusing the object already parsed for the same token. */
  function decode(id: string, raw: string): AlloResult | null {
    const token = raw.slice(0, TOKEN_LENGTH);
    const known = memo.get(id);
    if (known && known.token === token) {
      // Re-insert: most recently used last.
      memo.delete(id);
      memo.set(id, known);
      return known.result;
    }
    let result: AlloResult | null;
    try {
      result = fromStored(JSON.parse(raw.slice(TOKEN_LENGTH)));
    } catch {
      result = null;
    }
    if (result) remember(id, token, result, raw.length);
    return result;
  }

  function forget(id: string) {
    const known = memo.get(id);
    if (!known) return;
    memo.delete(id);
    memoBytes -= known.bytes;
  }

  function remember(id: string, token: string, result: AlloResult, bytes: number) {
    forget(id);
    if (bytes > maxBytes) return;
    memo.set(id, { token, result, bytes });
    memoBytes += bytes;
    while (memoBytes > maxBytes) {
      const oldest = memo.keys().next().value;
      if (oldest === undefined) break;
      forget(oldest);
    }
  }

  function sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        resolve();
      }
      signal.addEventListener("abort", done, { once: true });
    });
  }

  /** Loads upstream as the lock's holder, renewing the lock meanwhile; stores and frees it after. */
  async function loadAsHolder(id: string, token: string, context: LoadContext): Promise<Loaded> {
    const renew = setInterval(() => {
      redis.evalScript(EXTEND, [lockKey(id)], [token, lockTtlMs]).catch(() => undefined);
    }, lockRefreshMs);
    renew.unref();
    let result: AlloResult;
    try {
      result = await load(id, context);
    } finally {
      clearInterval(renew);
    }
    if (context.signal.aborted) {
      // Nobody is waiting here; free the lock so another instance need not wait for its expiry.
      redis.evalScript(UNLOCK, [lockKey(id)], [token]).catch(() => undefined);
      return { result, outcome: "miss" };
    }
    const encoded = encode(token, result);
    const ttl = encoded.length > maxBytes ? 0 : itemTtlMs(result, ttls, now());
    try {
      await redis.evalScript(
        FINISH,
        [valueKey(id), lockKey(id), handoffKey(id, token)],
        [token, encoded, ttl, handoffTtlMs],
      );
      if (ttl > 0) remember(id, token, result, encoded.length);
    } catch (error) {
      // The lock expires by itself; waiters elsewhere then load on their own.
      fallBack(error);
    }
    return { result, outcome: "miss" };
  }

  /** Claims the load, or waits for the instance that has it; loads here when waiting is pointless. */
  async function loadShared(id: string, context: LoadContext): Promise<Loaded> {
    const deadline = performance.now() + options.maxWaitMs;
    const signal = context.signal;
    let unreadable = false;
    for (;;) {
      if (signal.aborted) return { result: cancelledLookup(), outcome: "coalesced" };
      const token = randomBytes(TOKEN_LENGTH / 2).toString("hex");
      let claim: string[];
      try {
        const reply = await redis.evalScript(CLAIM, [valueKey(id), lockKey(id)], [token, lockTtlMs]);
        claim = Array.isArray(reply) ? reply.map(String) : [];
      } catch (error) {
        fallBack(error);
        return local.get(id, context);
      }
      if (claim[0] === "value") {
        const result = decode(id, claim[1] ?? "");
        if (result) return { result, outcome: "coalesced" };
        // Unreadable (corrupt, or written by another version): load as if it were missing.
        if (unreadable) return loadAsHolder(id, token, context);
        unreadable = true;
        await redis.run("DEL item", (client) => client.del(valueKey(id))).catch(() => undefined);
        continue;
      }
      if (claim[0] === "claimed") return loadAsHolder(id, token, context);

      // Someone else loads: wait for the value, the handoff of that load, or the lock's end.
      const holder = claim[1] ?? "";
      let pause: number = REDIS_ITEM_CACHE_DEFAULTS.pollInitialMs;
      let lockChanged = false;
      while (!signal.aborted && performance.now() < deadline) {
        await sleep(Math.min(pause, Math.max(1, deadline - performance.now())), signal);
        pause = Math.min(pause * 2, REDIS_ITEM_CACHE_DEFAULTS.pollMaxMs);
        if (signal.aborted) break;
        let values: (string | null)[];
        try {
          values = await redis.run("MGET item", (client) =>
            client.mGet([valueKey(id), handoffKey(id, holder), lockKey(id)]),
          );
        } catch (error) {
          fallBack(error);
          return local.get(id, context);
        }
        const [value, handoff, lock] = values;
        const ready = value ?? handoff;
        if (ready) {
          const result = decode(id, ready);
          if (result) return { result, outcome: "coalesced" };
        }
        if (lock !== holder) {
          lockChanged = true;
          break;
        }
      }
      if (signal.aborted) return { result: cancelledLookup(), outcome: "coalesced" };
      if (lockChanged) continue;
      // The holder is alive but slower than this caller's deadline allows: load here, unlocked.
      log.warn({ itemId: id }, "item cache: another instance's load took too long; loading here");
      return loadAsHolder(id, token, context);
    }
  }

  /** Waits for a shared load as one of its waiters; leaving early may abort it for everyone. */
  function wait(id: string, running: Inflight, signal?: AbortSignal): Promise<Loaded> {
    running.waiters++;
    if (!signal) return running.promise;
    if (signal.aborted) {
      leave(id, running);
      return Promise.resolve({ result: cancelledLookup(), outcome: "coalesced" });
    }
    return new Promise<Loaded>((resolve) => {
      const onAbort = () => {
        leave(id, running);
        resolve({ result: cancelledLookup(), outcome: "coalesced" });
      };
      signal.addEventListener("abort", onAbort, { once: true });
      void running.promise.then((loaded) => {
        signal.removeEventListener("abort", onAbort);
        resolve(loaded);
      });
    });
  }

  function leave(id: string, running: Inflight) {
    running.waiters--;
    if (running.waiters > 0) return;
    running.controller.abort();
    if (inflight.get(id) === running) inflight.delete(id);
  }

  async function get(id: string, getOptions: CacheGetOptions = {}): Promise<Loaded> {
    if (!usable(id)) return local.get(id, getOptions);
    const running = inflight.get(id);
    if (running) {
      const { result } = await wait(id, running, getOptions.signal);
      return { result, outcome: "coalesced" };
    }
    let raw: string | null;
    try {
      raw = await redis.run("GET item", (client) => client.get(valueKey(id)));
    } catch (error) {
      fallBack(error);
      return local.get(id, getOptions);
    }
    if (raw !== null) {
      const result = decode(id, raw);
      if (result) return { result, outcome: "hit" };
    }
    // Another caller here may have started the load while this one asked Redis.
    const started = inflight.get(id);
    if (started) {
      const { result } = await wait(id, started, getOptions.signal);
      return { result, outcome: "coalesced" };
    }
    const controller = new AbortController();
    const entry: Inflight = {
      controller,
      waiters: 0,
      promise: loadShared(id, {
        requestId: getOptions.requestId,
        user: getOptions.user,
        signal: controller.signal,
        retryWithinMs: getOptions.retryWithinMs,
      }).finally(() => {
        if (inflight.get(id) === entry) inflight.delete(id);
      }),
    };
    inflight.set(id, entry);
    return wait(id, entry, getOptions.signal);
  }

  return {
    get,
    async invalidate(id) {
      await local.invalidate(id);
      forget(id);
      // Later callers here must not join a load that read the item before it changed.
      inflight.delete(id);
      if (id.length > MAX_KEY_LENGTH) return;
      if (!usable(id)) {
        rememberInvalidation(id);
        return;
      }
      try {
        // The lock too: a load running elsewhere then keeps its (possibly older) answer to itself.
        await redis.run("DEL item", (client) => client.del([valueKey(id), lockKey(id)]));
      } catch (error) {
        fallBack(error);
        rememberInvalidation(id);
      }
    },
    local,
    get loading() {
      return inflight.size + local.loading;
    },
    get shared() {
      return redis.isReady && performance.now() >= suspendedUntil;
    },
  };

  function rememberInvalidation(id: string) {
    pendingInvalidations.delete(id);
    pendingInvalidations.add(id);
    if (pendingInvalidations.size > MAX_PENDING_INVALIDATIONS) {
      const oldest = pendingInvalidations.values().next().value;
      if (oldest !== undefined) pendingInvalidations.delete(oldest);
    }
  }
}
