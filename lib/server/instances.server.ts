/**
 * Who else is running: every instance with CALLVIEW_REDIS_URL registers itself in Redis and
 * renews that registration on a heartbeat. The count matters only when Redis goes away: each
 * instance then limits itself to its share of Allo's limit, floor(limit / instances), so the
 * instances together stay within the key's limit without talking to each other. The count it
 * uses is the last one it saw, so it must be fresh before an outage, hence the heartbeat.
 *
 * One sorted set, `instances`, with each instance's id scored by when its registration expires
 * (Redis's clock, so instances agree). A heartbeat removes expired members, renews its own and
 * counts, in one script. Scored members rather than one TTL'd key per instance: counting keys
 * would need SCAN over the keyspace; counting members of one set is one command, atomic with
 * the renewal. A crashed instance stops renewing and drops out after `ttlMs`; a clean shutdown
 * leaves at once.
 */
import "server-only";
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Logger } from "pino";
import { logger as appLogger } from "./logger.server";
import { defineLuaScript, type CallviewRedis } from "./redis/redis-client.server";

export const INSTANCE_DEFAULTS = { heartbeatMs: 2_000, ttlMs: 6_000 } as const;

// KEYS: instances. ARGV: this instance's id, registration lifetime (ms).
const HEARTBEAT = defineLuaScript(
  "instanceHeartbeat",
  `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
redis.call('PEXPIRE', KEYS[1], 2 * ttl)
return redis.call('ZCARD', KEYS[1])
`,
);

export type InstanceRegistry = {
  /** This instance's id in Redis: host, pid and a random suffix (no secret, no address). */
  readonly id: string;
  /** Live instances, this one included, at the last heartbeat that reached Redis; null before the first. */
  lastKnownCount(): number | null;
  /** Renews the registration now and returns the count (rejects when Redis is unavailable). */
  heartbeat(): Promise<number>;
  /** Starts the heartbeat (and beats at once whenever the connection becomes ready). */
  start(): void;
  /** Stops the heartbeat and leaves the set, so the others' count drops at once. */
  stop(): Promise<void>;
};

export type InstanceRegistryOptions = {
  redis: CallviewRedis;
  heartbeatMs?: number;
  /** How long a registration lasts without renewal: a few heartbeats, so one lost beat is harmless. */
  ttlMs?: number;
  id?: string;
  logger?: Logger;
};

export function createInstanceRegistry(options: InstanceRegistryOptions): InstanceRegistry {
  const { redis } = options;
  const heartbeatMs = options.heartbeatMs ?? INSTANCE_DEFAULTS.heartbeatMs;
  const ttlMs = options.ttlMs ?? INSTANCE_DEFAULTS.ttlMs;
  const id = options.id ?? `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  const key = redis.key("instances");
  const log = options.logger ?? appLogger();
  let count: number | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  async function heartbeat(): Promise<number> {
    const reply = await redis.evalScript(HEARTBEAT, [key], [id, ttlMs]);
    const next = Number(reply);
    if (!Number.isInteger(next) || next < 1)
      throw new Error(`instance heartbeat: unexpected reply ${String(reply)}`);
    if (next !== count) log.info({ instances: next, previous: count }, "Callview instances sharing Redis");
    count = next;
    return next;
  }

  // Failures are expected during an outage and already logged once by the connection.
  const beat = () => {
    if (!stopped) heartbeat().catch(() => undefined);
  };

  return {
    id,
    lastKnownCount: () => count,
    heartbeat,
    start() {
      if (timer || stopped) return;
      timer = setInterval(beat, heartbeatMs);
      timer.unref();
      // Learn the count as soon as the connection is up (start-up, and after every reconnect).
      redis.client.on("ready", beat);
      if (redis.isReady) beat();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (timer) clearInterval(timer);
      redis.client.off("ready", beat);
      await redis.run("ZREM instance", (client) => client.zRem(key, id)).catch(() => undefined);
    },
  };
}
