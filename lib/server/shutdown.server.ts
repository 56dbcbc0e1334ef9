/**
 * Draining on SIGTERM/SIGINT, for the HTTP server scripts/standalone-server.mjs owns:
 *  1. readiness answers 503 at once (the load balancer's next probe takes us out), while the
 *     server keeps accepting and serving for the grace period; responses carry
 *     `Connection: close` so keep-alive clients reconnect, to another instance;
 *  2. then it stops accepting connections and lets in-flight requests finish, for at most the
 *     timeout (a recording stream to a stalled client would otherwise hold the exit forever);
 *  3. then it closes whatever is left and exits: 0 when everything finished, 1 when forced.
 * A second signal skips straight to 3.
 *
 * Next's own standalone server closes the listening socket on the first SIGTERM, so a load
 * balancer sees "connection refused" rather than the 503, and waits for streams without bound;
 * hence a server of our own (see the README's Deploying section).
 */
import "server-only";
import type { Server, ServerResponse } from "node:http";
import type { Logger } from "pino";

export type GracefulShutdownOptions = {
  server: Server;
  graceMs: number;
  timeoutMs: number;
  /** Flips readiness to 503. */
  onDraining: () => void;
  /** Lets Next.js finish its own work (e.g. `after()` callbacks) once no request is left. */
  closeNext?: () => Promise<void>;
  exit: (code: number) => void;
  logger: Logger;
  /** Resolves after `ms`; tests pass their own to decide when the grace period and the cap end. */
  wait?: (ms: number) => Promise<void>;
};

export type GracefulShutdown = {
  /** Starts draining (the first call) or forces the exit (any later call). */
  begin: (signal: string) => Promise<void>;
  /** Requests received and not yet answered. */
  inFlight: () => number;
};

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    // Unref'd: a pending timer must not be what keeps the process alive.
    setTimeout(resolve, ms).unref();
  });

const seconds = (ms: number) => Math.round(ms) / 1000;

export function gracefulShutdown(options: GracefulShutdownOptions): GracefulShutdown {
  const { server, logger } = options;
  const wait = options.wait ?? sleep;
  const open = new Set<ServerResponse>();
  let phase: "serving" | "grace" | "closing" | "done" = "serving";

  server.on("request", (_request, response: ServerResponse) => {
    open.add(response);
    // While draining, every answer ends its connection, so clients come back through the load balancer.
    if (phase !== "serving") response.shouldKeepAlive = false;
    response.once("close", () => {
      open.delete(response);
      // Connections that just finished their last response go at once instead of idling on.
      if (phase === "closing") server.closeIdleConnections();
    });
  });

  const finish = (code: number, forced: boolean) => {
    if (phase === "done") return;
    phase = "done";
    if (forced) {
      logger.warn(
        { inFlight: open.size, forced: true },
        "Shutdown timeout: closing the remaining connections",
      );
      server.closeAllConnections();
    } else {
      logger.info({ forced: false }, "Shutdown complete");
    }
    options.exit(code);
  };

  const drain = async (signal: string) => {
    phase = "grace";
    options.onDraining();
    logger.info(
      {
        signal,
        graceSeconds: seconds(options.graceMs),
        timeoutSeconds: seconds(options.timeoutMs),
        inFlight: open.size,
      },
      `${signal} received: readiness answers 503; still serving during the grace period`,
    );
    await wait(options.graceMs);
    if (phase !== "grace") return;

    phase = "closing";
    logger.info(
      { inFlight: open.size },
      "Grace period over: no new connections; finishing in-flight requests",
    );
    const closed = new Promise<"closed">((resolve) => server.close(() => resolve("closed")));
    server.closeIdleConnections();
    const outcome = await Promise.race([
      closed.then(async () => {
        await options.closeNext?.().catch((error: unknown) => {
          logger.error(
            { err: error instanceof Error ? error.message : String(error) },
            "Next.js did not close cleanly",
          );
        });
        return "closed" as const;
      }),
      wait(options.timeoutMs).then(() => "timeout" as const),
    ]);
    finish(outcome === "closed" ? 0 : 1, outcome === "timeout");
  };

  return {
    inFlight: () => open.size,
    begin: async (signal) => {
      if (phase === "serving") return drain(signal);
      if (phase === "done") return;
      logger.warn({ signal }, `${signal} received again: stopping now`);
      finish(1, true);
    },
  };
}
