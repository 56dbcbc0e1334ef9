import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import pluginQuery from "@tanstack/eslint-plugin-query";
import callview from "./eslint-rules/callview-plugin.mjs";

export default defineConfig([
  ...nextVitals,
  ...nextTypescript,
  ...pluginQuery.configs["flat/recommended"],
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Browser/server boundaries (see eslint-rules/callview-plugin.mjs).
    files: ["**/*.ts", "**/*.tsx"],
    plugins: { callview },
    rules: {
      "callview/client-boundary": "error",
      "callview/server-module-naming": "error",
    },
  },
  {
    // Plain <a> links only (docs/decisions/0011-first-paint.md): agents open one call from a
    // notification and rarely navigate inside Callview, while next/link would put its router
    // code (about 2.5 KB compressed) and prefetches on every call page's first load. Sign-in
    // and sign-out links must be full navigations anyway (they are route handlers).
    rules: {
      "@next/next/no-html-link-for-pages": "off",
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "next/link", message: "Use a plain <a>: see docs/decisions/0011-first-paint.md." }],
        },
      ],
    },
  },
  {
    // Sign-in and session code logs through pino (lib/server/logger.server.ts) only: structured
    // JSON, where a value from a request cannot break out of its line (log injection).
    files: ["lib/server/auth/**", "app/auth/**", "proxy.ts"],
    rules: { "no-console": "error" },
  },
  {
    // Playwright fixtures call `use(...)`, which is not React's hook of that name.
    files: ["e2e/**", "e2e-auth/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  globalIgnores([
    ".next/**",
    ".next-*/**",
    "out/**",
    "build/**",
    "next-env.d.ts",
    "test-results/**",
    "playwright-report/**",
    "bench/results/**",
    "data/**",
  ]),
]);
