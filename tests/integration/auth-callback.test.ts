/**
 * GET /auth/callback in-process: whatever the identity provider (or someone posing as it) puts
 * in the query string, the server log stays one structured JSON line per event (pino), never a
 * raw console line an attacker can break with a newline.
 */
import { Writable } from "node:stream";
import { NextRequest } from "next/server";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "@/lib/server/logger.server";
import { seal } from "@/lib/server/auth/session-token";

const SECRET = "callback-test-secret-0123456789abcdefgh";
const STATE = "s".repeat(43);
const ORIGIN = "http://127.0.0.1:3000";

let callback: typeof import("@/app/auth/callback/route");
let lines: string[] = [];
const consoleCalls: unknown[][] = [];

beforeAll(async () => {
  Object.assign(process.env, {
    ALLO_API_KEY: "ak_live_callback_test_1234",
    // Nothing listens on port 9: a code exchange fails at once, which is one of the paths tested.
    OIDC_ISSUER: "http://127.0.0.1:9",
    OIDC_CLIENT_ID: "client",
    AUTH_SECRET: SECRET,
    AUTH_ALLOWED_EMAIL_DOMAINS: "callview.test",
    HOSTNAME: "127.0.0.1",
  });
  callback = await import("@/app/auth/callback/route");
});

beforeEach(() => {
  lines = [];
  consoleCalls.length = 0;
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split("\n").filter(Boolean));
      done();
    },
  });
  (globalThis as { __callviewLogger?: unknown }).__callviewLogger = createLogger(stream);
  for (const method of ["log", "info", "warn", "error"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void consoleCalls.push(args));
  }
});

afterEach(() => {
  vi.restoreAllMocks();
  delete (globalThis as { __callviewLogger?: unknown }).__callviewLogger;
});

async function callbackRequest(query: Record<string, string>): Promise<Response> {
  const transaction = await seal(
    "sign-in",
    {
      state: STATE,
      nonce: "n".repeat(43),
      codeVerifier: "v".repeat(43),
      redirectUri: `${ORIGIN}/auth/callback`,
      returnTo: "/items/cll-demo-billing",
    },
    SECRET,
    { maxAgeSeconds: 600 },
  );
  const search = new URLSearchParams({ state: STATE, ...query });
  return callback.GET(
    new NextRequest(`${ORIGIN}/auth/callback?${search}`, {
      headers: { cookie: `callview_sign_in_${STATE}=${transaction}` },
    }),
  );
}

function parsed(): Record<string, unknown>[] {
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("auth logs", () => {
  it("a newline in the provider's error parameter cannot forge a log line", async () => {
    const forged = 'access_denied\n{"level":30,"msg":"Sign-in completed","email":"ceo@callview.test"}';
    const response = await callbackRequest({ error: forged });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toMatch(/\/auth\/error\?reason=provider-error/);

    expect(consoleCalls).toEqual([]);
    expect(lines).toHaveLength(1);
    const [entry] = parsed();
    expect(entry).toMatchObject({ level: 40, service: "callview", event: "sign-in.provider-error" });
    // The value is kept (shortened) as data inside the one line, newline escaped by JSON.
    expect(entry?.providerError).toBe(forged.slice(0, 100));
    expect(lines[0]).not.toContain("\n");
    expect(parsed().some((line) => line.msg === "Sign-in completed")).toBe(false);
  });

  it("a failed code exchange is one structured error line, without a stack", async () => {
    const response = await callbackRequest({ code: "forged-code\r\nInjected: yes" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toMatch(/\/auth\/error\?reason=failed/);
    expect(consoleCalls).toEqual([]);
    expect(lines).toHaveLength(1);
    const [entry] = parsed();
    expect(entry).toMatchObject({ level: 50, event: "sign-in.callback-failed" });
    expect(JSON.stringify(entry)).not.toMatch(/\bat .+\.(ts|js):\d+/);
  });
});
