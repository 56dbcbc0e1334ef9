import { describe, expect, it } from "vitest";
import { readiness } from "@/lib/server/readiness.server";

const OIDC = {
  ALLO_API_KEY: "ak_live_readiness_1234",
  OIDC_ISSUER: "https://idp.example.com",
  OIDC_CLIENT_ID: "client-123",
  AUTH_SECRET: "readiness-secret-0123456789abcdefghijkl",
  HOSTNAME: "127.0.0.1",
};

describe("readiness", () => {
  it("is ready with a complete sign-in configuration", async () => {
    expect(await readiness({ ...OIDC, AUTH_ALLOWED_EMAIL_DOMAINS: "example.com" })).toEqual({
      ready: true,
      mode: "live",
      problems: [],
      redis: "off",
      degraded: [],
    });
  });

  it("reports sign-in without an allow-list by variable name", async () => {
    const state = await readiness(OIDC);
    expect(state.ready).toBe(false);
    const problems = state.problems.join(" ");
    for (const name of ["AUTH_ALLOWED_EMAIL_DOMAINS", "AUTH_ALLOWED_EMAILS", "AUTH_ALLOW_ANY_ACCOUNT"]) {
      expect(problems).toContain(name);
    }
    expect(problems).not.toContain(OIDC.AUTH_SECRET);
  });

  it("reports AUTH_MODE=none reachable beyond loopback without the proxy's secret", async () => {
    const state = await readiness({
      ALLO_API_KEY: "ak_live_readiness_1234",
      AUTH_MODE: "none",
      HOSTNAME: "0.0.0.0",
    });
    expect(state.ready).toBe(false);
    expect(state.problems.join(" ")).toContain("AUTH_PROXY_SECRET");
  });
});
