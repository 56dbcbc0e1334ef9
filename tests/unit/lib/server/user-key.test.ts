import { afterEach, describe, expect, it, vi } from "vitest";
import { sealSession } from "@/lib/server/auth/session-token";

const ISSUER = "http://127.0.0.1:9/";
const SECRET = "user-key-test-secret-0123456789abcdef";

async function freshModule(env: Record<string, string>) {
  vi.resetModules();
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  return import("@/lib/server/user-key.server");
}

async function cookieFor(sub: string, iss = ISSUER) {
  const token = await sealSession({ sub, iss, name: null, email: `${sub}@callview.test` }, SECRET, {
    maxAgeSeconds: 600,
  });
  return `other=1; callview_session=${token}`;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("userKeyFromCookies", () => {
  it("gives each signed-in user one stable, opaque key", async () => {
    const { userKeyFromCookies } = await freshModule({
      ALLO_API_KEY: "ak_live_user_key_test",
      AUTH_MODE: "oidc",
      OIDC_ISSUER: ISSUER,
      OIDC_CLIENT_ID: "callview",
      AUTH_SECRET: SECRET,
      AUTH_ALLOWED_EMAIL_DOMAINS: "callview.test",
      HOSTNAME: "127.0.0.1",
    });
    const alice = await userKeyFromCookies(await cookieFor("alice"));
    expect(alice).toMatch(/^u_[A-Za-z0-9_-]{22}$/);
    // Two sessions of one user (two devices) share the key; another user does not.
    expect(await userKeyFromCookies(await cookieFor("alice"))).toBe(alice);
    expect(await userKeyFromCookies(await cookieFor("bob"))).not.toBe(alice);
    expect(alice).not.toContain("alice");
    // No session, a forged one, or one from another issuer: no key.
    expect(await userKeyFromCookies(null)).toBeNull();
    expect(await userKeyFromCookies("callview_session=forged")).toBeNull();
    expect(await userKeyFromCookies(await cookieFor("alice", "https://other.example/"))).toBeNull();
  });

  it("reads the __Host- session cookie when the dashboard is served over https", async () => {
    const { userKeyFromCookies } = await freshModule({
      ALLO_API_KEY: "ak_live_user_key_test",
      AUTH_MODE: "oidc",
      OIDC_ISSUER: ISSUER,
      OIDC_CLIENT_ID: "callview",
      AUTH_SECRET: SECRET,
      AUTH_ALLOWED_EMAIL_DOMAINS: "callview.test",
      AUTH_URL: "https://callview.example.com",
    });
    const token = (await cookieFor("alice")).replace("other=1; callview_session=", "");
    expect(await userKeyFromCookies(`__Host-callview_session=${token}`)).toMatch(/^u_[A-Za-z0-9_-]{22}$/);
    // The plain name is not the https session cookie.
    expect(await userKeyFromCookies(`callview_session=${token}`)).toBeNull();
  });

  it("is null without sign-in (AUTH_MODE=none, demo), whatever the request claims", async () => {
    const { userKeyFromCookies, userKeyFor } = await freshModule({
      ALLO_API_KEY: "ak_live_user_key_test",
      AUTH_MODE: "none",
    });
    expect(await userKeyFromCookies(await cookieFor("alice"))).toBeNull();
    const request = new Request("http://127.0.0.1/api/items/cll-1", {
      headers: { "x-forwarded-for": "203.0.113.7", "x-forwarded-email": "mallory@example.com" },
    });
    expect(await userKeyFor(request)).toBeNull();
  });
});
