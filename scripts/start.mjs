// `npm start`: runs the standalone production server built by `npm run build`.
// Honours PORT (default 3000) and HOSTNAME (default 0.0.0.0, all interfaces).
import { spawn } from "node:child_process";
import { prepareStandalone } from "./prepare-standalone.mjs";

let server;
try {
  server = prepareStandalone();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
const child = spawn(process.execPath, [server], {
  stdio: "inherit",
  env: {
    ...process.env,
    PORT: process.env.PORT ?? "3000",
    HOSTNAME: process.env.HOSTNAME ?? "0.0.0.0",
    // The standalone server changes into its own folder; relative paths (CALLVIEW_DATA_DIR,
    // CALLVIEW_NOTIFY_RULES) stay relative to where `npm start` ran.
    CALLVIEW_LAUNCH_DIR: process.env.CALLVIEW_LAUNCH_DIR ?? process.cwd(),
    NODE_ENV: "production",
  },
});
// Pass termination signals on so the server can drain in-flight requests.
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
