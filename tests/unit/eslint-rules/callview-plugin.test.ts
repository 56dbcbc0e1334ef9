/**
 * The browser/server fences are held by the linter: a planted import fails `npm run lint`.
 * Runs ESLint with the repository's own configuration on planted source text.
 */
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../../..");
const eslint = new ESLint({ cwd: root });

async function ruleIdsFor(code: string, file: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
}

describe("callview/client-boundary", () => {
  it("fails on zod or a lib/server module in a client component", async () => {
    const planted = [
      'import { z } from "zod";',
      'import { serverEnv } from "@/lib/server/env.server";',
      'import { parsePhoneNumberFromString } from "libphonenumber-js";',
      'import { alloItemSchema } from "@/lib/allo/schemas";',
      'import { formatPhoneNumber } from "@/lib/format/phone.server";',
    ];
    for (const line of planted) {
      const code = `"use client";\n${line}\nexport const x = 1;\n`;
      expect(await ruleIdsFor(code, "app/(app)/planted-client.tsx"), line).toContain(
        "callview/client-boundary",
      );
      // Files in the client folders count as browser code even without the directive.
      expect(await ruleIdsFor(`${line}\nexport const x = 1;\n`, "components/planted.tsx"), line).toContain(
        "callview/client-boundary",
      );
    }
  });

  it("allows type-only imports and the same imports in server code", async () => {
    expect(
      await ruleIdsFor(
        '"use client";\nimport type { AlloItem } from "@/lib/allo/schemas";\nexport type X = AlloItem;\n',
        "components/planted.tsx",
      ),
    ).toEqual([]);
    expect(
      await ruleIdsFor('import { z } from "zod";\nexport const s = z.string();\n', "lib/server/planted.ts"),
    ).toEqual([]);
  });
});

describe("callview/server-module-naming", () => {
  it('requires import "server-only" in *.server.ts and the suffix on modules that import it', async () => {
    expect(await ruleIdsFor("export const x = 1;\n", "lib/server/planted.server.ts")).toContain(
      "callview/server-module-naming",
    );
    expect(
      await ruleIdsFor('import "server-only";\nexport const x = 1;\n', "lib/server/planted.ts"),
    ).toContain("callview/server-module-naming");
    expect(
      await ruleIdsFor('import "server-only";\nexport const x = 1;\n', "lib/server/planted.server.ts"),
    ).toEqual([]);
  });
});

describe("no console in sign-in code", () => {
  it("fails on console.* in lib/server/auth, app/auth and proxy.ts, where logs go through pino", async () => {
    const planted = "export function f(error: string) {\n  console.warn(`sign-in failed: ${error}`);\n}\n";
    for (const file of ["lib/server/auth/planted.ts", "app/auth/planted/route.ts", "proxy.ts"]) {
      expect(await ruleIdsFor(planted, file), file).toContain("no-console");
    }
    expect(await ruleIdsFor(planted, "lib/server/planted.ts")).not.toContain("no-console");
  });
});
