/**
 * Node.js start-up, loaded from instrumentation.ts: validate configuration (a bad value stops
 * the server with one clear message), log the mode, and drain on SIGTERM/SIGINT.
 */
import "server-only";
import type { Server } from "node:http";
import { authEnv, describeAuthEnv, type AuthEnv } from "./auth/auth-env.server";
import { ConfigurationError, serverEnv, type ServerEnv } from "./env.server";
import { logger } from "./logger.server";
import { startNotifications, stopNotifications } from "./notifications.server";
import { markDraining } from "./readiness.server";
import { redisRuntime, stopRedis } from "./redis/redis-runtime.server";
import { gracefulShutdown } from "./shutdown.server";

/**
 * What scripts/standalone-server.mjs (our production server) hands over before Next.js loads
 * this file: the HTTP server it owns and will listen with, so draining can close it on our
 * terms. Absent under `next dev` / `next start`, which keep Next's own signal handling.
 */
type CallviewHost = {
  server: Server;
  closeNext: () => Promise<void>;
  onListening?: (address: { hostname: string; port: number }) => void;
};

const globalForHost = globalThis as typeof globalThis & { __callviewHost?: CallviewHost };

export function startUp(): void {
  let env: ServerEnv;
  let auth: AuthEnv;
  let notifications: ReturnType<typeof startNotifications>;
  try {
    env = serverEnv();
    auth = authEnv();
    // Connects to Redis in the background when configured (never waits for it: a process may
    // start while Redis is down, on its local fallbacks), so the limiter and cache share it.
    redisRuntime();
    // Validates the rules file and opens the store; delivers what was left before a restart.
    notifications = startNotifications();
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    // One clear line and a non-zero exit: serving with a broken configuration helps nobody.
    console.error(error.message);
    process.exit(1);
  }
  logger().info(
    {
      mode: env.demoMode ? "demo" : "live",
      alloApiBaseUrl: env.demoMode ? undefined : env.alloApiBaseUrl,
      // Whether state is shared with other instances; the URL may hold a password, never logged.
      redis: env.redis ? "on" : "off",
      auth: describeAuthEnv(auth),
      notifications: {
        destinations: notifications.destinations.map((destination) => destination.id),
        rules: notifications.rules.map((rule) => rule.id),
        receiver:
          notifications.webhookSecrets.length > 0
            ? notifications.usesDemoSecret
              ? "demo secret"
              : "on"
            : "off",
      },
    },
    env.demoMode ? "Callview started: no ALLO_API_KEY set, serving built-in demo data" : "Callview started",
  );

  const host = globalForHost.__callviewHost;
  if (!host) {
    // `next start`/`next dev`: Next closes the server itself on SIGTERM; we can only flip readiness.
    process.once("SIGTERM", () => {
      markDraining();
      logger().info("SIGTERM received: draining in-flight requests");
      void stopNotifications().then(stopRedis);
    });
    return;
  }
  host.onListening = ({ hostname, port }) => logger().info({ hostname, port }, "Listening");
  const shutdown = gracefulShutdown({
    server: host.server,
    graceMs: env.shutdown.graceSeconds * 1000,
    timeoutMs: env.shutdown.timeoutSeconds * 1000,
    onDraining: markDraining,
    // In-flight requests are done by then; the delivery in progress finishes (bounded by its
    // timeout) and the store is closed, so a restart resumes exactly where this one stopped.
    closeNext: async () => {
      await stopNotifications();
      await host.closeNext();
      // Last: leaves the instance registry, so the others' share grows at once.
      await stopRedis();
    },
    exit: (code) => process.exit(code),
    logger: logger(),
  });
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => void shutdown.begin(signal));
  }
}
