/**
 * Node.js start-up, loaded from instrumentation.ts: validate configuration (a bad value stops
 * the server with one clear message), log the mode, and handle SIGTERM.
 */
import "server-only";
import { authEnv, describeAuthEnv, type AuthEnv } from "./auth/auth-env.server";
import { ConfigurationError, serverEnv, type ServerEnv } from "./env.server";
import { logger } from "./logger.server";
import { startNotifications, stopNotifications } from "./notifications.server";
import { markDraining } from "./readiness.server";

export function startUp(): void {
  let env: ServerEnv;
  let auth: AuthEnv;
  let notifications: ReturnType<typeof startNotifications>;
  try {
    env = serverEnv();
    auth = authEnv();
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
  // `next start` drains in-flight requests on SIGTERM by itself; we flip readiness so a load
  // balancer stops sending new work meanwhile, and say so in the log.
  process.once("SIGTERM", () => {
    markDraining();
    logger().info("SIGTERM received: draining in-flight requests");
    void stopNotifications();
  });
}
