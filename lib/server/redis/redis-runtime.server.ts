/**
 * The process's one Redis connection and instance registration, when CALLVIEW_REDIS_URL is set
 * (null otherwise: everything stays in this process). Kept on globalThis, like the Allo runtime,
 * because route handlers, pages and start-up may each bundle their own copy of this module.
 *
 * The connection starts in the background and never blocks start-up: a process that starts while
 * Redis is down serves with its local fallbacks and joins the shared state once Redis answers.
 */
import "server-only";
import { serverEnv } from "../env.server";
import { createInstanceRegistry, type InstanceRegistry } from "../instances.server";
import { logger } from "../logger.server";
import { createRedisConnection, redisServerWarnings, type CallviewRedis } from "./redis-client.server";

export type RedisRuntime = { connection: CallviewRedis; instances: InstanceRegistry };

const globalForRedis = globalThis as typeof globalThis & { __callviewRedis?: RedisRuntime | null };

export function redisRuntime(): RedisRuntime | null {
  if (globalForRedis.__callviewRedis !== undefined) return globalForRedis.__callviewRedis;
  const settings = serverEnv().redis;
  if (!settings) {
    globalForRedis.__callviewRedis = null;
    return null;
  }
  const connection = createRedisConnection({ url: settings.url, namespace: settings.namespace });
  // Each (re)connection may be to a restarted or different server: say what breaks the guarantees.
  connection.client.on("ready", () => {
    redisServerWarnings(connection)
      .then((warnings) => {
        for (const warning of warnings) logger().warn({ redis: "CALLVIEW_REDIS_URL" }, warning);
      })
      .catch(() => undefined);
  });
  const instances = createInstanceRegistry({ redis: connection });
  instances.start();
  const runtime: RedisRuntime = { connection, instances };
  globalForRedis.__callviewRedis = runtime;
  return runtime;
}

/** Shutdown, after everything that uses Redis has stopped: leave the registry, close the connection. */
export async function stopRedis(): Promise<void> {
  const runtime = globalForRedis.__callviewRedis;
  if (!runtime) return;
  await runtime.instances.stop();
  await runtime.connection.close();
}
