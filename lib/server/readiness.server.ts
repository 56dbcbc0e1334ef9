/**
 * Readiness: is this instance configured to serve, and not shutting down? Reports problems by
 * variable name, never values, so it is safe to expose to a load balancer.
 *
 * Redis (CALLVIEW_REDIS_URL) is checked with a PING but does not make the instance unready:
 * while Redis is down every instance still serves calls (the item cache and the Allo limit fall
 * back to this instance, docs/decisions/0009-redis.md) and answers webhooks 503 so Allo retries.
 * Taking every instance out of the load balancer at once would turn a Redis outage into a
 * dashboard outage. The state is reported as `degraded`, naming the variable, never the URL.
 */
import "server-only";
import { resolveAuthEnv } from "./auth/auth-env.server";
import { SETUP_REQUIRED_MESSAGE } from "@/lib/api/standard-errors";
import { ConfigurationError, parseServerEnv } from "./env.server";
import type { RedisHealth } from "./redis/redis-client.server";
import { redisRuntime } from "./redis/redis-runtime.server";

const globalForReadiness = globalThis as typeof globalThis & { __callviewDraining?: boolean };

export function markDraining(): void {
  globalForReadiness.__callviewDraining = true;
}

export type Readiness = {
  ready: boolean;
  mode: "demo" | "live" | "unknown";
  problems: string[];
  /** `off` without CALLVIEW_REDIS_URL; `unavailable` while the instance runs on its local fallbacks. */
  redis: "off" | "ok" | "unavailable";
  /** What works less well right now, without making the instance unready. */
  degraded: string[];
};

export const REDIS_UNAVAILABLE_MESSAGE =
  "Redis (CALLVIEW_REDIS_URL) is not answering: the item cache and Allo's rate limit are per instance (each at its share), and webhooks are answered 503 so Allo retries, until it is back.";

export type ReadinessOptions = {
  /** PING of the process's Redis; null when Redis is not configured. Tests pass their own. */
  redisHealth?: () => Promise<RedisHealth | null>;
};

async function processRedisHealth(): Promise<RedisHealth | null> {
  const redis = redisRuntime();
  return redis ? redis.connection.checkHealth() : null;
}

export async function readiness(
  source: Record<string, string | undefined> = process.env,
  options: ReadinessOptions = {},
): Promise<Readiness> {
  const problems: string[] = [];
  let mode: Readiness["mode"] = "unknown";
  try {
    mode = parseServerEnv(source).demoMode ? "demo" : "live";
  } catch (error) {
    problems.push(error instanceof ConfigurationError ? error.message : "Configuration could not be read.");
  }
  // The cached configuration for the live process; a given source is parsed afresh (tests).
  const auth = resolveAuthEnv(source === process.env ? undefined : source);
  if (auth.mode === "misconfigured") problems.push(auth.problem);
  if (auth.mode === "unconfigured") {
    problems.push(SETUP_REQUIRED_MESSAGE);
  }
  if (globalForReadiness.__callviewDraining) problems.push("Shutting down: not accepting new work.");

  const degraded: string[] = [];
  let redis: Readiness["redis"] = "off";
  // A configuration that cannot be read has no Redis to check (and says so above).
  const health = await (
    options.redisHealth ?? (source === process.env && mode !== "unknown" ? processRedisHealth : null)
  )?.();
  if (health) {
    redis = health.ok ? "ok" : "unavailable";
    if (!health.ok) degraded.push(REDIS_UNAVAILABLE_MESSAGE);
  }
  // A bad server setting also makes the sign-in settings unreadable: say it once.
  const unique = [...new Set(problems)];
  return { ready: unique.length === 0, mode, problems: unique, redis, degraded };
}
