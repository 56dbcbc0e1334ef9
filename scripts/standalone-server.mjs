// Callview's production server. `npm run build` copies this file into the standalone output as
// callview-server.mjs (next to Next's server.js); `npm start` and the Docker image run it.
//
// Why not Next's standalone server.js: on SIGTERM it closes the listening socket at once, so a
// load balancer probing readiness gets "connection refused" instead of the 503 that tells it to
// stop sending work, and it then waits for every open response (a recording streaming to a
// stalled client) without bound. Here the HTTP server is ours: Next's request handler runs on
// it (the same `getRequestHandlers` that server.js and Next's custom-server API use), Next
// registers no signal handlers at all, and lib/server/shutdown.server.ts drains it (readiness
// 503 while still serving for a grace period, then a bounded wait for in-flight requests).
//
// One process: signals reach the server directly (also when a supervisor signals the whole
// process group), with no parent to forward them.
//
// Listens on PORT (default 3000) and HOSTNAME. Default HOSTNAME: 127.0.0.1 with AUTH_MODE=none
// (the dashboard checks no sign-in, so only this machine, e.g. a sidecar SSO proxy, may reach
// it; see docs/decisions/0007), 0.0.0.0 otherwise. An explicit HOSTNAME always wins.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const dir = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** The default listen address; lib/server/env.server.ts validates what ends up in HOSTNAME. */
function listenHostname(env) {
  const explicit = env.HOSTNAME?.trim();
  if (explicit) return explicit;
  return env.AUTH_MODE?.trim().toLowerCase() === "none" ? "127.0.0.1" : "0.0.0.0";
}

function fail(message) {
  console.error(message);
  process.exit(1);
}

async function main() {
  // The build's own configuration: what Next's generated server.js embeds (required-server-files.json).
  const { distDir } = JSON.parse(readFileSync(path.join(dir, "callview-server.json"), "utf8"));
  const { config } = JSON.parse(readFileSync(path.join(dir, distDir, "required-server-files.json"), "utf8"));

  process.env.NODE_ENV = "production";
  process.chdir(dir);
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(config);
  // Belt and braces: we never call Next's startServer, which is what registers its handlers.
  process.env.NEXT_MANUAL_SIG_HANDLE = "true";

  const port = Number.parseInt(process.env.PORT ?? "", 10) || 3000;
  const hostname = listenHostname(process.env);
  // What the application reads (env.server.ts: loopback or not), and what Next's own code expects.
  process.env.PORT = String(port);
  process.env.HOSTNAME = hostname;
  const shownHost = hostname === "0.0.0.0" || hostname === "::" ? "localhost" : hostname;
  process.env.__NEXT_PRIVATE_ORIGIN = `http://${shownHost.includes(":") && !shownHost.startsWith("[") ? `[${shownHost}]` : shownHost}:${port}`;

  let handlers = null;
  const server = createServer((request, response) => {
    // Not listening before the handlers are ready, so this is a belt-and-braces guard.
    if (!handlers) {
      response.statusCode = 503;
      response.end();
      return;
    }
    handlers.requestHandler(request, response).catch((error) => {
      console.error(error);
      if (!response.headersSent) response.statusCode = 500;
      response.end();
    });
  });
  // As in Next's server.js: KEEP_ALIVE_TIMEOUT (ms) when set, else Node's default.
  const parsedKeepAlive = Number.parseInt(process.env.KEEP_ALIVE_TIMEOUT ?? "", 10);
  const keepAliveTimeout =
    Number.isFinite(parsedKeepAlive) && parsedKeepAlive >= 0 ? parsedKeepAlive : undefined;
  if (keepAliveTimeout !== undefined) server.keepAliveTimeout = keepAliveTimeout;
  server.on("upgrade", (request, socket, head) => {
    if (!handlers) return socket.destroy();
    handlers.upgradeHandler(request, socket, head).catch(() => socket.destroy());
  });
  server.on("error", (error) => fail(`Callview could not listen on ${hostname}:${port}: ${error.message}`));

  // Handed to lib/server/startup.server.ts, which Next loads (instrumentation) while preparing.
  const host = { server, closeNext: async () => {} };
  globalThis.__callviewHost = host;

  require("next");
  const { getRequestHandlers } = require("next/dist/server/lib/start-server");
  // Prepares Next (and runs instrumentation: a bad configuration exits here, before we listen).
  handlers = await getRequestHandlers({
    dir,
    port,
    hostname,
    isDev: false,
    server,
    minimalMode: false,
    keepAliveTimeout,
  });
  host.closeNext = async () => {
    await handlers.server?.close();
  };
  server.listen(port, hostname, () => {
    if (host.onListening) host.onListening({ hostname, port });
    else console.log(`Callview listening on http://${hostname}:${port}`);
  });
}

main().catch((error) => fail(`Callview could not start: ${error instanceof Error ? error.message : error}`));
