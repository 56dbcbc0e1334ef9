import { describe, expect, it } from "vitest";
import type { AuthEnv, OidcAuthEnv } from "@/lib/server/auth/auth-env.server";
import {
  cookieFromHeader,
  readSession,
  SECURE_SESSION_COOKIE,
  SESSION_COOKIE,
  SESSION_REFRESH_AFTER_SECONDS,
  sessionCookieName,
  verifySession,
} from "@/lib/server/auth/session-check.server";
import { sealSession } from "@/lib/server/auth/session-token";
import { requireSessionWith } from "@/lib/server/auth/session.server";

const ENV: OidcAuthEnv = {
  mode: "oidc",
  issuer: "https://idp.example.com",
  clientId: "client",
  clientSecret: null,
  secret: "unit-test-secret-0123456789abcdefghijkl",
  publicOrigin: null,
  allowList: {
    domains: ["callview.test"],
    emails: [],
    anyAccount: false,
    allowMissingEmailVerified: false,
    requireHostedDomain: false,
  },
  sessionMaxAgeSeconds: 12 * 3600,
  sessionIdleSeconds: 3600,
};
const HTTPS_ENV: OidcAuthEnv = { ...ENV, publicOrigin: "https://callview.example.com" };
const now = () => Math.floor(Date.now() / 1000);

const AGENT = { sub: "agent", iss: ENV.issuer, name: "Alex", email: "agent@callview.test" };

function requestWithCookie(value: string | null, name = SESSION_COOKIE): Request {
  const headers = new Headers();
  if (value !== null) headers.set("cookie", `theme=dark; ${name}=${value}; other=1`);
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
      await requireSessionWith(requestWithCookie(null), REQUEST_ID, {
        mode: "none",
        reason: "explicit",
        proxy: null,
      }),
    ).toBeNull();
  });

  it("over https reads only the __Host- cookie", async () => {
    const cookie = await sealSession(AGENT, ENV.secret, { maxAgeSeconds: 60 });
    expect(
      await requireSessionWith(requestWithCookie(cookie, SECURE_SESSION_COOKIE), REQUEST_ID, HTTPS_ENV),
    ).toBeNull();
    expect((await requireSessionWith(requestWithCookie(cookie), REQUEST_ID, HTTPS_ENV))?.status).toBe(401);
  });

  describe("AUTH_MODE=none with the proxy's secret", () => {
    const SECRET = "proxy-secret-0123456789abcdefghijklmn";
    const PROXIED: AuthEnv = {
      mode: "none",
      reason: "explicit",
      proxy: { secret: SECRET, emailHeaders: ["x-forwarded-email"] },
    };
    const request = (headers: Record<string, string>) =>
      new Request("http://127.0.0.1/api/items/cll-x", { headers });

    it("answers 403 PROXY_SECRET_REQUIRED without it, or with a wrong one", async () => {
      const attempts: Record<string, string>[] = [
        {},
        { "x-callview-proxy-secret": "" },
        { "x-callview-proxy-secret": SECRET.slice(0, -1) },
        { "x-callview-proxy-secret": `${SECRET}x` },
        { "x-callview-proxy-secret": SECRET.toUpperCase() },
        { "x-forwarded-email": "agent@example.com" },
      ];
      for (const headers of attempts) {
        const response = await requireSessionWith(request(headers), REQUEST_ID, PROXIED);
        expect(response?.status).toBe(403);
        expect((await bodyOf(response))?.error).toMatchObject({
          type: "permission_error",
          code: "PROXY_SECRET_REQUIRED",
        });
      }
    });

    it("lets the proxy's requests through", async () => {
      expect(
        await requireSessionWith(request({ "x-callview-proxy-secret": SECRET }), REQUEST_ID, PROXIED),
      ).toBeNull();
    });
  });
});

describe("session lifetime", () => {
  it("refuses a session idle for longer than the idle timeout, whatever its own expiry says", async () => {
    const idle = await sealSession(AGENT, ENV.secret, { now: now() - 3601, maxAgeSeconds: 12 * 3600 });
    expect(await verifySession(idle, ENV)).toBeNull();
    const active = await sealSession(AGENT, ENV.secret, { now: now() - 3500, maxAgeSeconds: 12 * 3600 });
    expect(await verifySession(active, ENV)).not.toBeNull();
  });

  it("refuses a session signed in longer ago than the absolute lifetime, however recently re-sealed", async () => {
    const stretched = await sealSession(AGENT, ENV.secret, {
      maxAgeSeconds: 3600,
      authTime: now() - 12 * 3600 - 1,
    });
    expect(await verifySession(stretched, ENV)).toBeNull();
  });

  it("asks for a re-seal only once the cookie is a few minutes old, keeping the sign-in time", async () => {
    const signedIn = now() - 2 * 3600;
    const fresh = await sealSession(AGENT, ENV.secret, { maxAgeSeconds: 3600, authTime: signedIn });
    expect(await readSession(fresh, ENV)).toMatchObject({
      user: AGENT,
      authTime: signedIn,
      refreshDue: false,
    });
    const older = await sealSession(AGENT, ENV.secret, {
      now: now() - SESSION_REFRESH_AFTER_SECONDS - 1,
      maxAgeSeconds: 3600,
      authTime: signedIn,
    });
    expect(await readSession(older, ENV)).toMatchObject({ authTime: signedIn, refreshDue: true });
  });

  it("treats a cookie from before idle timeouts (no auth_time) as signed in when it was sealed", async () => {
    const legacy = await sealSession(AGENT, ENV.secret, { now: now() - 600, maxAgeSeconds: 3600 });
    const session = await readSession(legacy, ENV);
    expect(session?.authTime).toBeLessThanOrEqual(now() - 600);
  });
});

describe("sessionCookieName", () => {
  it("uses the __Host- prefix over https, the plain name on http loopback", () => {
    expect(sessionCookieName(HTTPS_ENV)).toBe("__Host-callview_session");
    expect(sessionCookieName(ENV)).toBe("callview_session");
    expect(sessionCookieName({ ...ENV, publicOrigin: "http://localhost:3000" })).toBe("callview_session");
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
    const widened = {
      ...ENV,
      allowList: { ...ENV.allowList, domains: ["callview.test", "old-domain.test"] },
    };
    expect(await verifySession(cookie, widened)).not.toBeNull();
  });
});

describe("cookieFromHeader", () => {
  it("finds one cookie by exact name", () => {
    expect(cookieFromHeader("a=1; callview_session=abc.def; b=2", SESSION_COOKIE)).toBe("abc.def");
    expect(cookieFromHeader("xcallview_session=nope; callview_session_old=nope", SESSION_COOKIE)).toBeNull();
    expect(cookieFromHeader(null, SESSION_COOKIE)).toBeNull();
  });
});
