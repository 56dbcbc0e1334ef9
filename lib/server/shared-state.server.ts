/**
 * What protects Allo, per process or shared: the limiters in front of Allo's API and the item
 * cache. Without CALLVIEW_REDIS_URL each process has its own (exactly as before Redis support);
 * with it, every instance shares them through Redis, and each falls back to its own while Redis
 * is unavailable (docs/decisions/0009-redis.md).
 */
import "server-only";
import { createHash } from "node:crypto";
import type { AlloResult } from "@/lib/allo/client.server";
import { createPermitLimiter } from "@/lib/concurrency/permit-limiter";
import type { RateLimiter } from "@/lib/concurrency/rate-limiter";
import { createRedisLimiter } from "@/lib/concurrency/redis-limiter.server";
import { serverEnv } from "./env.server";
import { createItemCache, type ItemLookupCache, type LoadContext } from "./item-cache.server";
import { createRedisItemCache } from "./redis/redis-item-cache.server";
import { redisRuntime } from "./redis/redis-runtime.server";

/**
 * Allo's window plus 10 ms, for clock granularity (whole milliseconds on either side): a permit
 * counts this long after its response arrived (lib/concurrency/permit-limiter.ts).
 */
export const ALLO_WINDOW_MS = 1_010;

export type AlloLimiterKind = "reads" | "writes";

/** Pools of different Allo keys sharing one Redis stay apart; the key itself never reaches Redis. */
function keyScope(apiKey: string): string {
  return createHash("sha256").update(apiKey).digest("hex").slice(0, 16);
}

/**
 * Reads (ALLO_MAX_REQUESTS_PER_SECOND, 20) and writes (ALLO_MAX_WRITES_PER_SECOND, 5): one
 * limiter each, for the process or, with Redis, for every instance using this key.
 */
export function createAlloLimiter(kind: AlloLimiterKind, apiKey: string): RateLimiter {
  const env = serverEnv();
  const limit = kind === "reads" ? env.maxRequestsPerSecond : env.maxWritesPerSecond;
  const redis = redisRuntime();
  if (!redis) return createPermitLimiter({ limit, windowMs: ALLO_WINDOW_MS });
  return createRedisLimiter({
    redis: redis.connection,
    name: kind,
    scope: keyScope(apiKey),
    limit,
    windowMs: ALLO_WINDOW_MS,
    // Longer than any attempt can be in flight (the client aborts it at the timeout), so only
    // the permits of a process that died or froze expire this way.
    maxHoldMs: 2 * env.requestTimeoutMs + 3 * ALLO_WINDOW_MS,
    instanceCount: () => redis.instances.lastKnownCount(),
  });
}

/** The item cache: in-process, or shared on Redis with the in-process one as its fallback. */
export function createItemLookupCache(
  load: (id: string, context: LoadContext) => Promise<AlloResult>,
): ItemLookupCache {
  const env = serverEnv();
  const options = { ttlMs: env.itemCacheTtlMs, maxBytes: env.itemCacheMaxBytes };
  const redis = redisRuntime();
  if (!redis) return createItemCache(load, options);
  return createRedisItemCache(load, {
    ...options,
    redis: redis.connection,
    // Waiting for another instance's load never takes longer than loading would.
    maxWaitMs: env.requestDeadlineMs,
  });
}
