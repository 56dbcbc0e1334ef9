// Build time (called by prepare-standalone.mjs): marks the scripts every page runs as it opens
// with V8's per-file compile hint, `//# allFunctionsCalledOnLoad`. Chromium (136 and later) then
// compiles their functions on the background thread that streams the file, instead of lazily
// on the main thread the first time each is called; other browsers ignore the comment. Measured
// in docs/decisions/0015-compile-hints.md.
//
// Hinted: the runtime and framework files every page loads (build-manifest.json's
// rootMainFiles) and each route's entry chunks (entryJSFiles in the client reference
// manifests), the small ones of error and not-found boundaries included, since the HTML names
// them too. Not hinted: chunks loaded on demand (React.lazy), which a page may never ask for.
// The hint shifts a file's lines by one: were browser source maps turned on, they would need
// the same offset.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";

export const COMPILE_HINT = "//# allFunctionsCalledOnLoad\n";

function clientReferenceManifests(dir) {
  return (
    readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith("_client-reference-manifest.js"))
      // `parentPath` from Node 20.12; `path` before it.
      .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name))
  );
}

/** The chunks (paths under the dist dir, `static/chunks/…`) that some page runs as it opens. */
export function firstLoadChunks(distDir) {
  const chunks = new Set(
    JSON.parse(readFileSync(path.join(distDir, "build-manifest.json"), "utf8")).rootMainFiles,
  );
  for (const file of clientReferenceManifests(path.join(distDir, "server", "app"))) {
    // Each manifest is a script that assigns `globalThis.__RSC_MANIFEST[route]`.
    const sandbox = {};
    vm.runInNewContext(readFileSync(file, "utf8"), sandbox);
    for (const route of Object.values(sandbox.__RSC_MANIFEST ?? {})) {
      for (const files of Object.values(route.entryJSFiles ?? {}))
        for (const chunk of files) chunks.add(chunk);
    }
  }
  return [...chunks].filter((chunk) => chunk.endsWith(".js"));
}

/** Adds the hint to the top of each first-load chunk that lacks it; returns how many it changed. */
export function addCompileHints(distDir) {
  let changed = 0;
  for (const chunk of firstLoadChunks(distDir)) {
    const file = path.join(distDir, chunk);
    const code = readFileSync(file, "utf8");
    if (code.startsWith(COMPILE_HINT)) continue;
    writeFileSync(file, COMPILE_HINT + code);
    changed += 1;
  }
  return changed;
}
