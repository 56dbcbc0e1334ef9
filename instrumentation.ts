/**
 * Runs once when the server starts: validating configuration here turns a bad value into one
 * clear start-up error instead of a failure on the first request.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { serverEnv } = await import("./lib/server/env.server");
  const { logger } = await import("./lib/server/logger.server");
  const { markDraining } = await import("./lib/server/readiness.server");
  const env = serverEnv();
  logger().info(
    { mode: env.demoMode ? "demo" : "live", alloApiBaseUrl: env.demoMode ? undefined : env.alloApiBaseUrl },
    env.demoMode ? "Callview started: no ALLO_API_KEY set, serving built-in demo data" : "Callview started",
  );
  // `next start` drains in-flight requests on SIGTERM by itself; we flip readiness so a load
  // balancer stops sending new work meanwhile, and say so in the log.
  process.once("SIGTERM", () => {
    markDraining();
    logger().info("SIGTERM received: draining in-flight requests");
  });
}
