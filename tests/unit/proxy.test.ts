/**
 * proxy.ts in-process, for a dashboard on https (AUTH_URL), which the end-to-end suites on
 * plain-http loopback cannot show: the `__Host-` session cookie, its re-sealing on activity, and
 * redirects that ignore forwarded headers.
 */
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { sealSession } from "@/lib/server/auth/session-token";

const SECRET = "proxy-unit-secret-0123456789abcdefghijk";
const ISSUER = "https://idp.example.com";
const ORIGIN = "https://callview.example.com";
const AGENT = { sub: "agent", iss: ISSUER, name: "Alex", email: "agent@callview.test" };
const now = () => Math.floor(Date.now() / 1000);

let proxy: typeof import("@/proxy").proxy;

beforeAll(async () => {
  Object.assign(process.env, {
    ALLO_API_KEY: "ak_live_proxy_unit_1234",
    OIDC_ISSUER: ISSUER,
    OIDC_CLIENT_ID: "client",
    AUTH_SECRET: SECRET,
    AUTH_URL: ORIGIN,
    AUTH_ALLOWED_EMAIL_DOMAINS: "callview.test",
    HOSTNAME: "0.0.0.0",
  });
  ({ proxy } = await import("@/proxy"));
});

function pageRequest(cookie: string | null, headers: Record<string, string> = {}) {
  return new NextRequest(`${ORIGIN}/items/cll-demo-billing?t=1m0s`, {
    headers: { ...(cookie ? { cookie } : {}), ...headers },
  });
}

describe("proxy over https", () => {
  it("accepts the session only under its __Host- name", async () => {
    const session = await sealSession(AGENT, SECRET, { maxAgeSeconds: 3600 });
    const accepted = await proxy(pageRequest(`__Host-callview_session=${session}`));
    expect(accepted.headers.get("x-middleware-next")).toBe("1");
    const plain = await proxy(pageRequest(`callview_session=${session}`));
    expect(plain.status).toBe(307);
  });

  it("re-seals an active session under __Host- with Secure, Path=/ and no Domain", async () => {
    const older = await sealSession(AGENT, SECRET, { now: now() - 10 * 60, maxAgeSeconds: 3600 });
    const response = await proxy(pageRequest(`__Host-callview_session=${older}`));
    expect(response.headers.get("x-middleware-next")).toBe("1");
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^__Host-callview_session=/);
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; Path=\//i);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).not.toMatch(/; Domain=/i);
    const maxAge = Number(/Max-Age=(\d+)/i.exec(cookie)?.[1]);
    expect(maxAge).toBeGreaterThan(3000);
    expect(maxAge).toBeLessThanOrEqual(3600);

    const fresh = await sealSession(AGENT, SECRET, { maxAgeSeconds: 3600 });
    expect(
      (await proxy(pageRequest(`__Host-callview_session=${fresh}`))).headers.get("set-cookie"),
    ).toBeNull();
  });

  it("never re-seals beyond 12 hours after sign-in", async () => {
    const late = await sealSession(AGENT, SECRET, {
      now: now() - 10 * 60,
      maxAgeSeconds: 3600,
      authTime: now() - 12 * 3600 + 120,
    });
    const cookie =
      (await proxy(pageRequest(`__Host-callview_session=${late}`))).headers.get("set-cookie") ?? "";
    const maxAge = Number(/Max-Age=(\d+)/i.exec(cookie)?.[1]);
    expect(maxAge).toBeLessThanOrEqual(120);
  });

  it("redirects to sign-in on AUTH_URL, whatever X-Forwarded-Host says", async () => {
    const response = await proxy(
      pageRequest(null, { "x-forwarded-host": "evil.example", host: "evil.example" }),
    );
    expect(response.status).toBe(307);
    const location = new URL(response.headers.get("location") ?? "", ORIGIN);
    expect(location.origin).toBe(ORIGIN);
    expect(location.pathname).toBe("/auth/sign-in");
  });
});
