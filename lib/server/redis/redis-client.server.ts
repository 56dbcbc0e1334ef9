/**
 * One Redis connection per process (node-redis 6), shared by everything Callview keeps in Redis
 * when several instances run side by side. See docs/decisions/0009-redis.md.
 *
 * Failure behaviour is the point of this module:
 * - connecting is bounded (`connectTimeoutMs`), and a lost connection is retried for ever with
 *   capped exponential back-off and jitter, so the process heals by itself once Redis is back;
 * - while the connection is down, commands fail at once (`disableOfflineQueue`) instead of piling
 *   up for a replay nobody is waiting for, and every call through `run`/`evalScript` rejects
 *   within `commandTimeoutMs` even if a written command never gets an answer (node-redis' own
 *   per-command timeout only covers commands that were not written yet);
 * - those failures are `RedisUnavailableError`, so a caller can answer 503 (retry later) rather
 *   than 500; an error the server answered (a script bug) is rethrown as it is;
 * - the outage is logged once when it starts and once when it ends, not on every retry.
 */
import "server-only";
import { createHash } from "node:crypto";
import type { Logger } from "pino";
import { createClient, ErrorReply } from "redis";
import { logger as appLogger } from "@/lib/server/logger.server";

export type RedisClient = ReturnType<typeof createClient>;

export const REDIS_KEY_ROOT = "callview:";

export const REDIS_DEFAULTS = {
  connectTimeoutMs: 2_000,
  commandTimeoutMs: 2_000,
  reconnectInitialDelayMs: 100,
  reconnectMaxDelayMs: 5_000,
  /** Bounds memory if Redis is slow: beyond this, commands are refused, not queued. */
  commandsQueueMaxLength: 1_000,
  /** Keeps an idle connection alive through NAT and load balancer idle timeouts. */
  pingIntervalMs: 10_000,
  healthTimeoutMs: 1_000,
} as const;

export type RedisSettings = {
  /** `redis://[user:password@]host[:port][/db]` or `rediss://…` for TLS. */
  url: string;
  /** Separates deployments sharing one Redis: keys become `callview:<namespace>:…`. */
  namespace?: string;
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
  reconnectInitialDelayMs?: number;
  reconnectMaxDelayMs?: number;
  pingIntervalMs?: number;
  logger?: Logger;
  /** For the reconnect jitter; tests inject it. */
  random?: () => number;
};

/** Redis did not answer (down, restarting, unreachable, too slow): try again later. */
export class RedisUnavailableError extends Error {
  override readonly name = "RedisUnavailableError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * A RedisUnavailableError from any copy of this module: Next.js bundles server modules per route
 * (and start-up separately), so an error thrown by the process's connection, created in one
 * bundle, fails `instanceof` in another. The name is the class's own.
 */
export function isRedisUnavailable(error: unknown): error is RedisUnavailableError {
  return (
    error instanceof RedisUnavailableError ||
    (error instanceof Error && error.name === "RedisUnavailableError")
  );
}

export type RedisHealth = { ok: true; latencyMs: number } | { ok: false; error: string };

export type LuaScript = { name: string; source: string; sha1: string };

export type RedisScriptArgument = string | number;

export type CallviewRedis = {
  readonly client: RedisClient;
  /** `callview:` or `callview:<namespace>:`; every key this process writes starts with it. */
  readonly prefix: string;
  readonly commandTimeoutMs: number;
  readonly isReady: boolean;
  /** `prefix` + the parts joined with `:`. */
  key(...parts: string[]): string;
  /** Runs commands on the client; rejects with RedisUnavailableError within `commandTimeoutMs`. */
  run<T>(what: string, command: (client: RedisClient) => Promise<T>): Promise<T>;
  /** EVALSHA, falling back to EVAL once when the server has not cached the script yet. */
  evalScript(
    script: LuaScript,
    keys: readonly string[],
    args: readonly RedisScriptArgument[],
  ): Promise<unknown>;
  /** Resolves once connected; rejects with RedisUnavailableError after `timeoutMs` (it keeps trying). */
  waitUntilReady(timeoutMs: number): Promise<void>;
  /** For readiness: PING, answered within `timeoutMs`; never throws. */
  checkHealth(timeoutMs?: number): Promise<RedisHealth>;
  /** Closes the connection (pending commands get `commandTimeoutMs` to finish). Idempotent. */
  close(): Promise<void>;
};

const NAMESPACE_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/i;

/** `callview:` for the default deployment, `callview:<namespace>:` for another one. */
export function redisKeyPrefix(namespace?: string): string {
  if (namespace === undefined || namespace === "") return REDIS_KEY_ROOT;
  if (!NAMESPACE_PATTERN.test(namespace)) {
    throw new Error(
      "A Redis namespace is 1 to 64 letters, digits, '-' or '_', starting with a letter or a digit.",
    );
  }
  return `${REDIS_KEY_ROOT}${namespace}:`;
}

export function defineLuaScript(name: string, source: string): LuaScript {
  return { name, source, sha1: createHash("sha1").update(source).digest("hex") };
}

/**
 * Capped exponential back-off with equal jitter: half the step is fixed, half is random, so a
 * fleet of instances does not reconnect in lockstep when Redis comes back. Never gives up.
 */
export function reconnectDelayMs(
  retries: number,
  options: { initialDelayMs: number; maxDelayMs: number; random: () => number },
): number {
  const step = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** Math.min(retries, 30));
  return Math.round(step / 2 + options.random() * (step / 2));
}

/** Server errors that mean "not now" rather than "wrong": loading a dataset, failover, a busy script. */
const TRANSIENT_REPLY = /^(LOADING|BUSY|MASTERDOWN|READONLY|TRYAGAIN|CLUSTERDOWN)\b/;

function toCallerError(error: unknown, what: string): Error {
  if (error instanceof RedisUnavailableError) return error;
  if (error instanceof ErrorReply && !TRANSIENT_REPLY.test(error.message)) return error;
  const reason = error instanceof Error ? error.message || error.name : String(error);
  return new RedisUnavailableError(`Redis unavailable (${what}): ${reason}`, { cause: error });
}

function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new RedisUnavailableError(`Redis gave no answer within ${ms} ms (${what})`)),
      ms,
    );
  });
  // The loser of the race may still reject later (its socket closing); that is not news.
  promise.catch(() => undefined);
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.hostname}${parsed.port ? `:${parsed.port}` : ""}`;
  } catch {
    return "(unparsable URL)";
  }
}

function infoField(info: string, field: string): string | null {
  const match = new RegExp(`^${field}:(.*)$`, "m").exec(info);
  return match?.[1]?.trim() ?? null;
}

/**
 * What in the server's configuration breaks the store's guarantees, in words for a log line:
 * evictions silently drop outbox records and dedupe keys, and without the append-only file a
 * Redis restart loses everything acknowledged. Reads INFO only (managed Redis often forbids
 * CONFIG). Empty when all is well.
 */
export async function redisServerWarnings(connection: CallviewRedis): Promise<string[]> {
  const info = String(await connection.run("INFO", (client) => client.info()));
  const warnings: string[] = [];
  const policy = infoField(info, "maxmemory_policy");
  if (policy !== null && policy !== "noeviction") {
    warnings.push(
      `maxmemory-policy is ${policy}: Redis may evict notifications and dedupe keys; use noeviction.`,
    );
  }
  if (infoField(info, "aof_enabled") === "0") {
    warnings.push(
      "appendonly is off: a Redis restart loses recorded events and the outbox; use appendonly yes.",
    );
  }
  return warnings;
}

/**
 * Creates the client and starts connecting in the background (it does not wait: a process may
 * start while Redis is down, and report unready until it is up). Use `waitUntilReady` to wait.
 */
export function createRedisConnection(settings: RedisSettings): CallviewRedis {
  const log = settings.logger ?? appLogger();
  const random = settings.random ?? Math.random;
  const commandTimeoutMs = settings.commandTimeoutMs ?? REDIS_DEFAULTS.commandTimeoutMs;
  const prefix = redisKeyPrefix(settings.namespace);
  const reconnect = {
    initialDelayMs: settings.reconnectInitialDelayMs ?? REDIS_DEFAULTS.reconnectInitialDelayMs,
    maxDelayMs: settings.reconnectMaxDelayMs ?? REDIS_DEFAULTS.reconnectMaxDelayMs,
    random,
  };
  // Never log the URL itself: it may carry a password.
  const target = describeUrl(settings.url);

  const client: RedisClient = createClient({
    url: settings.url,
    socket: {
      connectTimeout: settings.connectTimeoutMs ?? REDIS_DEFAULTS.connectTimeoutMs,
      reconnectStrategy: (retries) => reconnectDelayMs(retries, reconnect),
    },
    disableOfflineQueue: true,
    commandsQueueMaxLength: REDIS_DEFAULTS.commandsQueueMaxLength,
    pingInterval: settings.pingIntervalMs ?? REDIS_DEFAULTS.pingIntervalMs,
    // Drops a command that could not even be written in time (a blocked socket).
    commandOptions: { timeout: commandTimeoutMs },
  });

  // One line when an outage starts, one when it ends; retries in between stay quiet.
  let everReady = false;
  let outage: { sinceMs: number; errors: number } | null = null;
  let closing = false;
  client.on("error", (error: unknown) => {
    if (closing) return;
    if (client.isReady) {
      // Still connected (a keep-alive PING that failed): not an outage, and no 'ready' would end it.
      log.warn(
        { redis: target, error: error instanceof Error ? error.message || error.name : String(error) },
        "Redis error",
      );
      return;
    }
    if (outage) {
      outage.errors++;
      return;
    }
    outage = { sinceMs: Date.now(), errors: 1 };
    log.error(
      { redis: target, error: error instanceof Error ? error.message || error.name : String(error) },
      everReady
        ? "Redis connection lost; reconnecting in the background"
        : "Redis not reachable; retrying in the background",
    );
  });
  client.on("ready", () => {
    if (outage) {
      log.warn(
        { redis: target, downForMs: Date.now() - outage.sinceMs, errors: outage.errors },
        "Redis available again",
      );
    } else if (!everReady) {
      log.info({ redis: target, prefix }, "Redis connected");
    }
    outage = null;
    everReady = true;
  });

  // Rejects only when closed before it ever connected; the errors were logged above.
  client.connect().catch(() => undefined);

  const connection: CallviewRedis = {
    client,
    prefix,
    commandTimeoutMs,
    get isReady() {
      return client.isReady;
    },

    key(...parts) {
      return `${prefix}${parts.join(":")}`;
    },

    async run(what, command) {
      try {
        if (!client.isReady) throw new RedisUnavailableError(`Redis not connected (${what})`);
        return await withDeadline(command(client), commandTimeoutMs, what);
      } catch (error) {
        throw toCallerError(error, what);
      }
    },

    evalScript(script, keys, args) {
      const tail = [String(keys.length), ...keys, ...args.map(String)];
      return connection.run(script.name, async (redis) => {
        try {
          return await redis.sendCommand(["EVALSHA", script.sha1, ...tail]);
        } catch (error) {
          // A restarted (or flushed) server has forgotten the script: send it once in full.
          if (error instanceof ErrorReply && error.message.startsWith("NOSCRIPT")) {
            return redis.sendCommand(["EVAL", script.source, ...tail]);
          }
          throw error;
        }
      });
    },

    async waitUntilReady(timeoutMs) {
      if (client.isReady) return;
      let onReady = () => {};
      const ready = new Promise<void>((resolve) => {
        onReady = () => resolve();
        client.once("ready", onReady);
      });
      try {
        await withDeadline(ready, timeoutMs, "connect");
      } finally {
        client.off("ready", onReady);
      }
    },

    async checkHealth(timeoutMs = REDIS_DEFAULTS.healthTimeoutMs) {
      if (!client.isReady) return { ok: false, error: "not connected" };
      const started = performance.now();
      try {
        const reply = await withDeadline(client.ping(), Math.min(timeoutMs, commandTimeoutMs), "PING");
        if (reply !== "PONG") return { ok: false, error: "unexpected PING reply" };
        return { ok: true, latencyMs: Math.round(performance.now() - started) };
      } catch (error) {
        return { ok: false, error: toCallerError(error, "PING").message };
      }
    },

    async close() {
      if (closing) return;
      closing = true;
      try {
        if (client.isOpen) await withDeadline(client.close(), commandTimeoutMs, "close");
      } catch {
        // Pending commands did not finish in time: drop them.
      } finally {
        if (client.isOpen) client.destroy();
      }
    },
  };
  return connection;
}
