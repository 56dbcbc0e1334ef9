// Completes the standalone server bundle that `next build` writes, once, at build time
// (`npm run build` runs this right after `next build`): compile hints on the scripts pages run
// as they open (./compile-hints.mjs), the static assets and public/ (Next leaves copying them to
// the deployer), and Callview's own server (scripts/standalone-server.mjs, as
// callview-server.mjs). `npm start` and the Docker image then serve the same thing.
//
// `npm start` only checks the result (standaloneServer below) and never writes into the build:
// preparing at every start made several instances started at once from one build race each
// other (ENOTEMPTY/EEXIST while one removed the static folder another was copying).
import { copyFileSync, cpSync, existsSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { addCompileHints } from "./compile-hints.mjs";

const SERVER_FILE = "callview-server.mjs";
const SERVER_SETTINGS = "callview-server.json";
const scriptsDir = path.dirname(fileURLToPath(import.meta.url));

function defaultDistDir() {
  return process.env.NEXT_DIST_DIR ?? ".next";
}

function staticCopies(distDir) {
  const standalone = path.join(distDir, "standalone");
  return [
    [path.join(distDir, "static"), path.join(standalone, distDir, "static")],
    ["public", path.join(standalone, "public")],
  ];
}

/** Build time only: copies what the standalone server needs next to it. */
export function prepareStandalone(distDir = defaultDistDir()) {
  const standalone = path.join(distDir, "standalone");
  if (!existsSync(path.join(standalone, "server.js"))) {
    throw new Error(`No production build found (${standalone}/server.js). Run "npm run build" first.`);
  }
  // Before the copy below, so the served files and `<distDir>/static` are the same.
  addCompileHints(distDir);
  for (const [from, to] of staticCopies(distDir)) {
    rmSync(to, { recursive: true, force: true });
    if (existsSync(from)) cpSync(from, to, { recursive: true });
  }
  copyFileSync(path.join(scriptsDir, "standalone-server.mjs"), path.join(standalone, SERVER_FILE));
  writeFileSync(
    path.join(standalone, SERVER_SETTINGS),
    `${JSON.stringify({ distDir: path.normalize(distDir) }, null, 2)}\n`,
  );
  return path.join(standalone, SERVER_FILE);
}

/**
 * Start time: the prepared server to run, after checking (read-only) that the build is
 * complete. Throws with what to do when it is not.
 */
export function standaloneServer(distDir = defaultDistDir()) {
  const standalone = path.join(distDir, "standalone");
  const missing = [
    path.join(standalone, "server.js"),
    path.join(standalone, SERVER_FILE),
    path.join(standalone, SERVER_SETTINGS),
    ...staticCopies(distDir)
      .filter(([from]) => existsSync(from))
      .map(([, to]) => to),
  ].filter((file) => !existsSync(file));
  if (missing.length > 0) {
    throw new Error(
      `No complete production build (missing ${missing.join(", ")}). Run "npm run build" first (it prepares the standalone output).`,
    );
  }
  return path.join(standalone, SERVER_FILE);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    console.log(`prepare-standalone: ready (node ${prepareStandalone()})`);
  } catch (error) {
    console.error(`prepare-standalone: ${error.message}`);
    process.exit(1);
  }
}
