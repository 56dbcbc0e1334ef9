import { afterEach, describe, expect, it, vi } from "vitest";
import { sealSession } from "@/lib/server/auth/session-token";

const ISSUER = "http://127.0.0.1:9/";
const SECRET = "audit-test-secret-0123456789abcdefgh";
const PROXY_SECRET = "audit-proxy-secret-0123456789abcdefgh";

async function freshModule(env: Record<string, string>) {
  vi.resetModules();
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  return import("@/lib/server/audit.server");
}

const OIDC = {
  ALLO_API_KEY: "ak_live_audit_test",
  AUTH_MODE: "oidc",
  OIDC_ISSUER: ISSUER,
  OIDC_CLIENT_ID: "callview",
  AUTH_SECRET: SECRET,
  AUTH_ALLOWED_EMAIL_DOMAINS: "callview.test",
  HOSTNAME: "127.0.0.1",
};

async function request(user: { sub: string; email: string | null }) {
  const token = await sealSession({ sub: user.sub, iss: ISSUER, name: null, email: user.email }, SECRET, {
    maxAgeSeconds: 600,
  });
  return new Request("http://127.0.0.1/api/items/cll-1/tags", {
    headers: { cookie: `callview_session=${token}` },
  });
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("auditActor", () => {
  it("names the signed-in email, never the session token; no valid session is anonymous", async () => {
    const { auditActor } = await freshModule(OIDC);
    const signedIn = await request({ sub: "alice", email: "alice@callview.test" });
    expect(await auditActor(signedIn)).toEqual({ actor: "alice@callview.test", actorKind: "email" });
    const forged = new Request("http://127.0.0.1/", { headers: { cookie: "callview_session=forged" } });
    expect(await auditActor(forged)).toEqual({ actor: "anonymous", actorKind: "anonymous" });
  });

  it("believes the SSO proxy's email header only with the proxy's secret", async () => {
    const { auditActor } = await freshModule({
      ALLO_API_KEY: "ak_live_audit_test",
      AUTH_MODE: "none",
      AUTH_PROXY_SECRET: PROXY_SECRET,
    });
    const withSecret = new Request("http://127.0.0.1/", {
      headers: { "x-callview-proxy-secret": PROXY_SECRET, "x-forwarded-email": "carol@callview.test" },
    });
    expect(await auditActor(withSecret)).toEqual({ actor: "carol@callview.test", actorKind: "email" });
    const forged = new Request("http://127.0.0.1/", {
      headers: { "x-forwarded-email": "mallory@example.com" },
    });
    expect(await auditActor(forged)).toEqual({ actor: "anonymous", actorKind: "anonymous" });
  });
});
