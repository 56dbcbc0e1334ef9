import { describe, expect, it } from "vitest";
import type { OidcAuthEnv } from "@/lib/server/auth/auth-env.server";
import { cookieFromHeader, SESSION_COOKIE, verifySession } from "@/lib/server/auth/session-check.server";
import { sealSession } from "@/lib/server/auth/session-token";
import { requireSessionWith } from "@/lib/server/auth/session.server";

const ENV: OidcAuthEnv = {
  mode: "oidc",
  issuer: "https://idp.example.com",
  clientId: "client",
  clientSecret: null,
  secret: "unit-test-secret-0123456789abcdefghijkl",
  publicOrigin: null,
  allowList: { domains: ["callview.test"], emails: [] },
  sessionMaxAgeSeconds: 3600,
};

const AGENT = { sub: "agent", iss: ENV.issuer, name: "Alex", email: "agent@callview.test" };

function requestWithCookie(value: string | null): Request {
  const headers = new Headers();
  if (value !== null) headers.set("cookie", `theme=dark; ${SESSION_COOKIE}=${value}; other=1`);
  return new Request("http://127.0.0.1/api/items/cll-x", { headers });
}

async function bodyOf(response: Response | null) {
  return response ? ((await response.json()) as { error: { code: string; type: string } }) : null;
}

const REQUEST_ID = "req_abcdef123456";

describe("requireSessionWith", () => {
  it("lets a valid session through", async () => {
    const cookie = await sealSession(AGENT, ENV.secret, { maxAgeSeconds: 60 });
    expect(await requireSessionWith(requestWithCookie(cookie), REQUEST_ID, ENV)).toBeNull();
  });

  it("answers 401 SIGN_IN_REQUIRED without a cookie or with a bad one", async () => {
    for (const cookie of [null, "garbage", await sealSession(AGENT, "x".repeat(40), { maxAgeSeconds: 60 })]) {
      const response = await requireSessionWith(requestWithCookie(cookie), REQUEST_ID, ENV);
      expect(response?.status).toBe(401);
      expect(response?.headers.get("cache-control")).toBe("private, no-store");
      expect((await bodyOf(response))?.error).toEqual({
        type: "authentication_error",
        code: "SIGN_IN_REQUIRED",
        message: expect.any(String),
        retryable: false,
        request_id: REQUEST_ID,
      });
      expect(response?.headers.get("x-request-id")).toBe(REQUEST_ID);
    }
  });

  it("answers 503 AUTH_NOT_CONFIGURED when the dashboard fails closed", async () => {
    for (const env of [{ mode: "unconfigured" } as const, { mode: "misconfigured", problem: "x" } as const]) {
      const response = await requireSessionWith(requestWithCookie(null), REQUEST_ID, env);
      expect(response?.status).toBe(503);
      expect((await bodyOf(response))?.error.code).toBe("AUTH_NOT_CONFIGURED");
    }
  });

  it("lets everything through without sign-in (demo or AUTH_MODE=none)", async () => {
    expect(
      await requireSessionWith(requestWithCookie(null), REQUEST_ID, { mode: "none", reason: "demo" }),
    ).toBeNull();
    expect(
      await requireSessionWith(requestWithCookie(null), REQUEST_ID, { mode: "none", reason: "explicit" }),
    ).toBeNull();
  });
});

describe("verifySession", () => {
  it("refuses a session from another issuer", async () => {
    const cookie = await sealSession({ ...AGENT, iss: "https://old-idp.example.com" }, ENV.secret, {
      maxAgeSeconds: 60,
    });
    expect(await verifySession(cookie, ENV)).toBeNull();
  });

  it("applies a narrowed allow-list to existing sessions", async () => {
    const cookie = await sealSession({ ...AGENT, email: "agent@old-domain.test" }, ENV.secret, {
      maxAgeSeconds: 60,
    });
    expect(await verifySession(cookie, ENV)).toBeNull();
    expect(await verifySession(cookie, { ...ENV, allowList: { domains: [], emails: [] } })).not.toBeNull();
  });
});

describe("cookieFromHeader", () => {
  it("finds one cookie by exact name", () => {
    expect(cookieFromHeader("a=1; callview_session=abc.def; b=2", SESSION_COOKIE)).toBe("abc.def");
    expect(cookieFromHeader("xcallview_session=nope; callview_session_old=nope", SESSION_COOKIE)).toBeNull();
    expect(cookieFromHeader(null, SESSION_COOKIE)).toBeNull();
  });
});
