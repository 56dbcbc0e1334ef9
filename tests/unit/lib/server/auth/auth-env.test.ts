import { describe, expect, it } from "vitest";
import { parseAuthEnv, SESSION_MAX_AGE_SECONDS } from "@/lib/server/auth/auth-env.server";
import { ConfigurationError } from "@/lib/server/env.server";

const OIDC = {
  OIDC_ISSUER: "https://accounts.google.com",
  OIDC_CLIENT_ID: "client-123",
  OIDC_CLIENT_SECRET: "secret-xyz",
  AUTH_SECRET: "s".repeat(32),
};

describe("parseAuthEnv: which mode", () => {
  it("needs no sign-in on demo data", () => {
    expect(parseAuthEnv({}, { demoMode: true })).toEqual({ mode: "none", reason: "demo" });
  });

  it("fails closed with a real key and nothing configured", () => {
    expect(parseAuthEnv({}, { demoMode: false })).toEqual({ mode: "unconfigured" });
    expect(parseAuthEnv({ AUTH_MODE: " " }, { demoMode: false })).toEqual({ mode: "unconfigured" });
  });

  it("runs without sign-in only when the operator says AUTH_MODE=none", () => {
    expect(parseAuthEnv({ AUTH_MODE: "none" }, { demoMode: false })).toEqual({
      mode: "none",
      reason: "explicit",
    });
    expect(parseAuthEnv({ AUTH_MODE: "NONE" }, { demoMode: false })).toEqual({
      mode: "none",
      reason: "explicit",
    });
  });

  it("uses OIDC when an issuer is set, in demo mode too", () => {
    for (const demoMode of [true, false]) {
      expect(parseAuthEnv(OIDC, { demoMode })).toEqual({
        mode: "oidc",
        issuer: "https://accounts.google.com",
        clientId: "client-123",
        clientSecret: "secret-xyz",
        secret: "s".repeat(32),
        publicOrigin: null,
        allowList: { domains: [], emails: [] },
        sessionMaxAgeSeconds: SESSION_MAX_AGE_SECONDS,
      });
    }
  });

  it("parses the optional settings", () => {
    const env = parseAuthEnv(
      {
        ...OIDC,
        OIDC_CLIENT_SECRET: "",
        AUTH_URL: "https://callview.example.com/",
        AUTH_ALLOWED_EMAIL_DOMAINS: " Example.com, @callview.test ,",
        AUTH_ALLOWED_EMAILS: "Contractor@Gmail.com",
      },
      { demoMode: false },
    );
    expect(env).toMatchObject({
      clientSecret: null,
      publicOrigin: "https://callview.example.com",
      allowList: { domains: ["example.com", "callview.test"], emails: ["contractor@gmail.com"] },
    });
  });

  it("keeps the issuer exactly as given (discovery compares it byte for byte)", () => {
    const env = parseAuthEnv({ ...OIDC, OIDC_ISSUER: "https://tenant.auth0.com/" }, { demoMode: false });
    expect(env).toMatchObject({ issuer: "https://tenant.auth0.com/" });
  });

  it("accepts plain http only for a provider on loopback", () => {
    expect(parseAuthEnv({ ...OIDC, OIDC_ISSUER: "http://127.0.0.1:4342" }, { demoMode: false }).mode).toBe(
      "oidc",
    );
    expect(() =>
      parseAuthEnv({ ...OIDC, OIDC_ISSUER: "http://idp.example.com" }, { demoMode: false }),
    ).toThrow(/https/);
  });
});

describe("parseAuthEnv: mistakes stop start-up with a message naming the variable", () => {
  it.each([
    ["AUTH_MODE=oidc without settings", { AUTH_MODE: "oidc" }, /OIDC_ISSUER, OIDC_CLIENT_ID, AUTH_SECRET/],
    ["a missing client id", { ...OIDC, OIDC_CLIENT_ID: "" }, /OIDC_CLIENT_ID/],
    ["a missing secret", { ...OIDC, AUTH_SECRET: undefined }, /AUTH_SECRET/],
    ["a short secret", { ...OIDC, AUTH_SECRET: "too-short" }, /AUTH_SECRET must be at least 32/],
    ["an unknown mode", { AUTH_MODE: "saml" }, /AUTH_MODE/],
    ["an issuer that is not a URL", { ...OIDC, OIDC_ISSUER: "accounts.google.com" }, /OIDC_ISSUER/],
    ["an issuer with a query", { ...OIDC, OIDC_ISSUER: "https://idp.example.com/?x=1" }, /OIDC_ISSUER/],
    ["an AUTH_URL with a path", { ...OIDC, AUTH_URL: "https://example.com/callview" }, /AUTH_URL/],
    [
      "a bad domain list",
      { ...OIDC, AUTH_ALLOWED_EMAIL_DOMAINS: "example.com, not a domain" },
      /AUTH_ALLOWED_EMAIL_DOMAINS/,
    ],
    ["a bad email list", { ...OIDC, AUTH_ALLOWED_EMAILS: "someone" }, /AUTH_ALLOWED_EMAILS/],
    [
      "client settings without an issuer",
      { OIDC_CLIENT_ID: "client-123" },
      /OIDC_CLIENT_ID set but OIDC_ISSUER is missing/,
    ],
    [
      "an allow-list without an issuer",
      { AUTH_ALLOWED_EMAIL_DOMAINS: "example.com" },
      /OIDC_ISSUER is missing/,
    ],
  ])("%s", (_name, source, message) => {
    expect(() => parseAuthEnv(source, { demoMode: false })).toThrow(ConfigurationError);
    expect(() => parseAuthEnv(source, { demoMode: false })).toThrow(message);
  });

  it("never echoes a secret value", () => {
    try {
      parseAuthEnv({ ...OIDC, AUTH_SECRET: "short-secret-value" }, { demoMode: false });
    } catch (error) {
      expect(String(error)).not.toContain("short-secret-value");
      return;
    }
    throw new Error("expected a ConfigurationError");
  });
});
