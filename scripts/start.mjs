// `npm start`: runs the production server that `npm run build` prepared, in this process.
// It only reads the build, so any number of instances can start at once from one build.
// In-process rather than a child: SIGTERM reaches the server itself (which drains; see
// scripts/standalone-server.mjs), with no parent in between to forward or lose it.
// Honours PORT (default 3000) and HOSTNAME (default 0.0.0.0; 127.0.0.1 with AUTH_MODE=none).
import { pathToFileURL } from "node:url";
import { standaloneServer } from "./prepare-standalone.mjs";

let server;
try {
  server = standaloneServer();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
// Relative paths (CALLVIEW_DATA_DIR, CALLVIEW_NOTIFY_RULES) stay relative to where `npm start`
// ran: the server changes into the build's own folder.
process.env.CALLVIEW_LAUNCH_DIR ??= process.cwd();
await import(pathToFileURL(server).href);
