import { describe, expect, it } from "vitest";
import {
  parseAuthEnv,
  SESSION_IDLE_SECONDS,
  SESSION_MAX_AGE_SECONDS,
} from "@/lib/server/auth/auth-env.server";
import { ConfigurationError } from "@/lib/server/env.server";

/** A complete sign-in configuration, on loopback (so no public URL is needed) with an allow-list. */
const OIDC = {
  OIDC_ISSUER: "https://accounts.google.com",
  OIDC_CLIENT_ID: "client-123",
  OIDC_CLIENT_SECRET: "secret-xyz",
  AUTH_SECRET: "s".repeat(32),
  AUTH_ALLOWED_EMAIL_DOMAINS: "example.com",
  HOSTNAME: "127.0.0.1",
};
const PROXY_SECRET = "p".repeat(32);

describe("parseAuthEnv: which mode", () => {
  it("needs no sign-in on demo data", () => {
    expect(parseAuthEnv({}, { demoMode: true })).toEqual({ mode: "none", reason: "demo" });
  });

  it("fails closed with a real key and nothing configured", () => {
    expect(parseAuthEnv({}, { demoMode: false })).toEqual({ mode: "unconfigured" });
    expect(parseAuthEnv({ AUTH_MODE: " " }, { demoMode: false })).toEqual({ mode: "unconfigured" });
  });

  it("runs without sign-in only when the operator says AUTH_MODE=none", () => {
    expect(parseAuthEnv({ AUTH_MODE: "none", HOSTNAME: "127.0.0.1" }, { demoMode: false })).toEqual({
      mode: "none",
      reason: "explicit",
      proxy: null,
    });
    expect(parseAuthEnv({ AUTH_MODE: "NONE", HOSTNAME: "localhost" }, { demoMode: false })).toEqual({
      mode: "none",
      reason: "explicit",
      proxy: null,
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
        allowList: {
          domains: ["example.com"],
          emails: [],
          anyAccount: false,
          allowMissingEmailVerified: false,
          // The issuer is Google's: a domain match also needs the hd claim.
          requireHostedDomain: true,
        },
        sessionMaxAgeSeconds: SESSION_MAX_AGE_SECONDS,
        sessionIdleSeconds: SESSION_IDLE_SECONDS,
      });
    }
  });

  it("asks for Google's hd claim only from Google", () => {
    const okta = parseAuthEnv({ ...OIDC, OIDC_ISSUER: "https://acme.okta.com" }, { demoMode: false });
    expect(okta).toMatchObject({ allowList: { requireHostedDomain: false } });
    const google = parseAuthEnv(
      { ...OIDC, OIDC_ISSUER: "https://accounts.google.com/" },
      { demoMode: false },
    );
    expect(google).toMatchObject({ allowList: { requireHostedDomain: true } });
  });

  it("parses the optional settings", () => {
    const env = parseAuthEnv(
      {
        ...OIDC,
        OIDC_CLIENT_SECRET: "",
        AUTH_URL: "https://callview.example.com/",
        AUTH_ALLOWED_EMAIL_DOMAINS: " Example.com, @callview.test ,",
        AUTH_ALLOWED_EMAILS: "Contractor@Gmail.com",
        AUTH_ALLOW_MISSING_EMAIL_VERIFIED: "true",
      },
      { demoMode: false },
    );
    expect(env).toMatchObject({
      clientSecret: null,
      publicOrigin: "https://callview.example.com",
      allowList: {
        domains: ["example.com", "callview.test"],
        emails: ["contractor@gmail.com"],
        allowMissingEmailVerified: true,
      },
    });
  });

  it("lets every account in only when AUTH_ALLOW_ANY_ACCOUNT=true says so", () => {
    const env = parseAuthEnv(
      { ...OIDC, AUTH_ALLOWED_EMAIL_DOMAINS: "", AUTH_ALLOW_ANY_ACCOUNT: "true" },
      { demoMode: false },
    );
    expect(env).toMatchObject({ allowList: { domains: [], emails: [], anyAccount: true } });
  });

  it("takes the public URL under either name", () => {
    const base = { ...OIDC, HOSTNAME: "0.0.0.0" };
    for (const name of ["AUTH_URL", "CALLVIEW_PUBLIC_URL"]) {
      expect(parseAuthEnv({ ...base, [name]: "https://cv.example.com" }, { demoMode: false })).toMatchObject({
        publicOrigin: "https://cv.example.com",
      });
    }
    expect(
      parseAuthEnv(
        { ...base, AUTH_URL: "https://cv.example.com", CALLVIEW_PUBLIC_URL: "https://cv.example.com/" },
        { demoMode: false },
      ),
    ).toMatchObject({ publicOrigin: "https://cv.example.com" });
  });

  it("needs no public URL on loopback", () => {
    for (const HOSTNAME of ["127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"]) {
      expect(parseAuthEnv({ ...OIDC, HOSTNAME }, { demoMode: false })).toMatchObject({ publicOrigin: null });
    }
  });

  it("AUTH_MODE=none may listen beyond loopback only with the proxy's secret, or on purpose", () => {
    expect(
      parseAuthEnv(
        { AUTH_MODE: "none", HOSTNAME: "0.0.0.0", AUTH_PROXY_SECRET: PROXY_SECRET },
        { demoMode: false },
      ),
    ).toEqual({
      mode: "none",
      reason: "explicit",
      proxy: { secret: PROXY_SECRET, emailHeaders: ["x-forwarded-email", "x-auth-request-email"] },
    });
    expect(
      parseAuthEnv(
        {
          AUTH_MODE: "none",
          HOSTNAME: "0.0.0.0",
          AUTH_PROXY_SECRET: PROXY_SECRET,
          AUTH_PROXY_EMAIL_HEADERS: "Cf-Access-Authenticated-User-Email",
        },
        { demoMode: false },
      ),
    ).toMatchObject({ proxy: { emailHeaders: ["cf-access-authenticated-user-email"] } });
    expect(
      parseAuthEnv(
        { AUTH_MODE: "none", HOSTNAME: "0.0.0.0", AUTH_PROXY_TRUST_NETWORK: "true" },
        { demoMode: false },
      ),
    ).toEqual({ mode: "none", reason: "explicit", proxy: null });
  });

  it('reads a yes/no setting of "false" as not asking for anything', () => {
    expect(parseAuthEnv({ ...OIDC, AUTH_PROXY_TRUST_NETWORK: "false" }, { demoMode: false }).mode).toBe(
      "oidc",
    );
    expect(parseAuthEnv({ AUTH_ALLOW_ANY_ACCOUNT: "false" }, { demoMode: true })).toEqual({
      mode: "none",
      reason: "demo",
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
    [
      "sign-in without an allow-list",
      { ...OIDC, AUTH_ALLOWED_EMAIL_DOMAINS: undefined },
      /set AUTH_ALLOWED_EMAIL_DOMAINS or AUTH_ALLOWED_EMAILS .*or AUTH_ALLOW_ANY_ACCOUNT=true/,
    ],
    [
      "sign-in with blank allow-lists",
      { ...OIDC, AUTH_ALLOWED_EMAIL_DOMAINS: " , ", AUTH_ALLOWED_EMAILS: "" },
      /AUTH_ALLOW_ANY_ACCOUNT=true/,
    ],
    [
      "AUTH_ALLOW_ANY_ACCOUNT=true and an allow-list",
      { ...OIDC, AUTH_ALLOW_ANY_ACCOUNT: "true" },
      /AUTH_ALLOW_ANY_ACCOUNT=true contradicts AUTH_ALLOWED_EMAIL_DOMAINS/,
    ],
    [
      "a yes/no value that is neither",
      { ...OIDC, AUTH_ALLOW_ANY_ACCOUNT: "yes" },
      /AUTH_ALLOW_ANY_ACCOUNT must be/,
    ],
    [
      "sign-in beyond loopback without a public URL",
      { ...OIDC, HOSTNAME: "0.0.0.0" },
      /AUTH_URL \(or CALLVIEW_PUBLIC_URL\) is required/,
    ],
    ["sign-in with HOSTNAME unset and no public URL", { ...OIDC, HOSTNAME: undefined }, /AUTH_URL/],
    [
      "two different public URLs",
      { ...OIDC, AUTH_URL: "https://a.example.com", CALLVIEW_PUBLIC_URL: "https://b.example.com" },
      /AUTH_URL and CALLVIEW_PUBLIC_URL/,
    ],
    [
      "AUTH_MODE=none beyond loopback without the proxy's secret",
      { AUTH_MODE: "none", HOSTNAME: "0.0.0.0" },
      /AUTH_MODE=none .*AUTH_PROXY_SECRET.*HOSTNAME=127\.0\.0\.1.*AUTH_PROXY_TRUST_NETWORK=true/,
    ],
    ["AUTH_MODE=none with HOSTNAME unset", { AUTH_MODE: "none" }, /AUTH_PROXY_SECRET/],
    [
      "a short proxy secret",
      { AUTH_MODE: "none", HOSTNAME: "127.0.0.1", AUTH_PROXY_SECRET: "short" },
      /AUTH_PROXY_SECRET must be at least 32/,
    ],
    [
      "identity headers without the proxy's secret",
      { AUTH_MODE: "none", HOSTNAME: "127.0.0.1", AUTH_PROXY_EMAIL_HEADERS: "x-forwarded-email" },
      /AUTH_PROXY_EMAIL_HEADERS .*AUTH_PROXY_SECRET/,
    ],
    [
      "a bad identity header name",
      {
        AUTH_MODE: "none",
        HOSTNAME: "127.0.0.1",
        AUTH_PROXY_SECRET: PROXY_SECRET,
        AUTH_PROXY_EMAIL_HEADERS: "x email",
      },
      /AUTH_PROXY_EMAIL_HEADERS/,
    ],
    [
      "the proxy's secret with OIDC sign-in",
      { ...OIDC, AUTH_PROXY_SECRET: PROXY_SECRET },
      /AUTH_PROXY_SECRET .*AUTH_MODE=none/,
    ],
    [
      "AUTH_PROXY_TRUST_NETWORK=true with OIDC sign-in",
      { ...OIDC, AUTH_PROXY_TRUST_NETWORK: "true" },
      /AUTH_PROXY_TRUST_NETWORK .*AUTH_MODE=none/,
    ],
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
      "a non-ASCII allowed email",
      { ...OIDC, AUTH_ALLOWED_EMAILS: "\u212Aim@example.com" },
      /AUTH_ALLOWED_EMAILS/,
    ],
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
    for (const source of [
      { ...OIDC, AUTH_SECRET: "short-secret-value" },
      { AUTH_MODE: "none", HOSTNAME: "127.0.0.1", AUTH_PROXY_SECRET: "short-secret-value" },
    ]) {
      expect(() => parseAuthEnv(source, { demoMode: false })).toThrow(ConfigurationError);
      try {
        parseAuthEnv(source, { demoMode: false });
      } catch (error) {
        expect(String(error)).not.toContain("short-secret-value");
      }
    }
  });
});
