// Completes the standalone server bundle that `next build` writes with the static assets and
// public/ (Next leaves copying them to the deployer), so `npm start` and the Docker image serve
// the same thing. Run after `next build`; `npm start` runs it too, so a bare `next build` works.
import { cpSync, existsSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export function prepareStandalone(distDir = process.env.NEXT_DIST_DIR ?? ".next") {
  const standalone = path.join(distDir, "standalone");
  if (!existsSync(path.join(standalone, "server.js"))) {
    throw new Error(`No production build found (${standalone}/server.js). Run "npm run build" first.`);
  }
  for (const [from, to] of [
    [path.join(distDir, "static"), path.join(standalone, distDir, "static")],
    ["public", path.join(standalone, "public")],
  ]) {
    rmSync(to, { recursive: true, force: true });
    if (existsSync(from)) cpSync(from, to, { recursive: true });
  }
  return path.join(standalone, "server.js");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    console.log(`prepare-standalone: ready (node ${prepareStandalone()})`);
  } catch (error) {
    console.error(`prepare-standalone: ${error.message}`);
    process.exit(1);
  }
}
