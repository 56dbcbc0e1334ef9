/**
 * Callview's own lint rules: the boundaries between browser and server code, held by the
 * linter rather than by comments.
 *
 * - `client-boundary`: browser code may not import what would bloat the bundle or leak server
 *   code: zod, libphonenumber-js, the Allo zod schemas, `lib/server/*`, any `*.server` module or
 *   `server-only`. Browser code is every file with a "use client" directive and everything under
 *   the client folders below. Type-only imports are erased at build time, so they are allowed.
 * - `server-module-naming`: a module that imports "server-only" is named `*.server.ts(x)`, and
 *   a `*.server.ts(x)` module imports "server-only", so the name always tells the truth.
 */
import path from "node:path";

/** Folders whose modules end up in the browser bundle. */
const CLIENT_FOLDERS = ["components/", "lib/items/", "lib/transcript/"];

const FORBIDDEN_IN_CLIENT = [
  { test: (source) => source === "zod" || source.startsWith("zod/"), why: "zod (~30 KB)" },
  {
    test: (source) => source === "libphonenumber-js" || source.startsWith("libphonenumber-js/"),
    why: "libphonenumber-js (~60 KB of metadata; the server formats numbers into a phone book)",
  },
  {
    test: (source) => /(^|\/)allo\/schemas$/.test(source),
    why: "the Allo zod schemas (use @/lib/allo/item)",
  },
  { test: (source) => /(^|\/)lib\/server\//.test(source), why: "server code (lib/server)" },
  { test: (source) => /\.server$/.test(source), why: "a server-only module" },
  { test: (source) => source === "server-only", why: "server-only" },
];

function relativeFilename(context) {
  return path.relative(context.cwd, context.filename).split(path.sep).join("/");
}

function hasUseClientDirective(program) {
  return program.body.some(
    (statement) => statement.type === "ExpressionStatement" && statement.directive === "use client",
  );
}

const clientBoundary = {
  meta: {
    type: "problem",
    docs: { description: "Keep server-only and heavy modules out of browser code." },
    messages: {
      forbidden: "Browser code must not import {{source}}: {{why}}.",
    },
    schema: [],
  },
  create(context) {
    const file = relativeFilename(context);
    let isClient = CLIENT_FOLDERS.some((folder) => file.startsWith(folder));
    const check = (node, source) => {
      if (!isClient || typeof source !== "string") return;
      const rule = FORBIDDEN_IN_CLIENT.find((candidate) => candidate.test(source));
      if (rule) context.report({ node, messageId: "forbidden", data: { source, why: rule.why } });
    };
    return {
      Program(program) {
        if (hasUseClientDirective(program)) isClient = true;
      },
      ImportDeclaration(node) {
        if (node.importKind === "type") return;
        if (node.specifiers.length > 0 && node.specifiers.every((s) => s.importKind === "type")) return;
        check(node, node.source.value);
      },
      ExportNamedDeclaration(node) {
        if (node.source && node.exportKind !== "type") check(node, node.source.value);
      },
      ExportAllDeclaration(node) {
        if (node.exportKind !== "type") check(node, node.source.value);
      },
      ImportExpression(node) {
        if (node.source.type === "Literal") check(node, node.source.value);
      },
    };
  },
};

const serverModuleNaming = {
  meta: {
    type: "problem",
    docs: { description: "Server-only modules are named *.server.ts and import server-only." },
    messages: {
      missingSuffix: 'This module imports "server-only", so its name must end in .server.ts(x).',
      missingImport: 'A *.server.ts(x) module must start with import "server-only".',
    },
    schema: [],
  },
  create(context) {
    const named = /\.server\.tsx?$/.test(context.filename);
    let imports = false;
    return {
      ImportDeclaration(node) {
        if (node.source.value === "server-only") {
          imports = true;
          if (!named) context.report({ node, messageId: "missingSuffix" });
        }
      },
      "Program:exit"(program) {
        if (named && !imports) context.report({ node: program, messageId: "missingImport" });
      },
    };
  },
};

const callviewPlugin = {
  meta: { name: "callview" },
  rules: { "client-boundary": clientBoundary, "server-module-naming": serverModuleNaming },
};

export default callviewPlugin;
