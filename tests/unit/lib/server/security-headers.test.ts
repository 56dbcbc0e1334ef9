import { describe, expect, it } from "vitest";
import {
  buildContentSecurityPolicy,
  newNonce,
  PERMISSIONS_POLICY,
  securityHeaders,
} from "@/lib/server/security-headers.server";

const NONCE = "AAECAwQFBgcICQoLDA0ODw==";

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(";").map((directive) => {
      const [name = "", ...values] = directive.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

describe("buildContentSecurityPolicy", () => {
  const production = directives(
    buildContentSecurityPolicy({ nonce: NONCE, development: false, upgradeInsecureRequests: false }),
  );

  it("allows scripts only by nonce with strict-dynamic, never inline or eval, in production", () => {
    expect(production.get("script-src")).toEqual(["'self'", `'nonce-${NONCE}'`, "'strict-dynamic'"]);
  });

  it("allows eval only in development", () => {
    const development = directives(
      buildContentSecurityPolicy({ nonce: NONCE, development: true, upgradeInsecureRequests: false }),
    );
    expect(development.get("script-src")).toContain("'unsafe-eval'");
    expect(development.get("script-src")).not.toContain("'unsafe-inline'");
  });

  it("locks down everything else", () => {
    expect(production.get("default-src")).toEqual(["'self'"]);
    expect(production.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
    expect(production.get("img-src")).toEqual(["'self'", "data:", "blob:"]);
    expect(production.get("media-src")).toEqual(["'self'"]);
    expect(production.get("connect-src")).toEqual(["'self'"]);
    expect(production.get("font-src")).toEqual(["'self'"]);
    expect(production.get("object-src")).toEqual(["'none'"]);
    expect(production.get("base-uri")).toEqual(["'self'"]);
    expect(production.get("form-action")).toEqual(["'self'"]);
    expect(production.get("frame-ancestors")).toEqual(["'none'"]);
    expect(production.has("upgrade-insecure-requests")).toBe(false);
  });

  it("adds form targets as origins and upgrades requests on https", () => {
    const csp = directives(
      buildContentSecurityPolicy({
        nonce: NONCE,
        development: false,
        upgradeInsecureRequests: true,
        formActionOrigins: ["https://login.example.com/oauth2/v1/authorize?x=1"],
      }),
    );
    expect(csp.get("form-action")).toEqual(["'self'", "https://login.example.com"]);
    expect(csp.has("upgrade-insecure-requests")).toBe(true);
  });

  it.each(["", "short", "abc'; script-src *", `${NONCE} 'unsafe-inline'`])(
    "refuses a malformed nonce %#",
    (nonce) => {
      expect(() =>
        buildContentSecurityPolicy({ nonce, development: false, upgradeInsecureRequests: false }),
      ).toThrow();
    },
  );
});

describe("newNonce", () => {
  it("is fresh base64 of 16 bytes", () => {
    const nonces = new Set(Array.from({ length: 50 }, newNonce));
    expect(nonces.size).toBe(50);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});

describe("securityHeaders", () => {
  it("sets the fixed headers next to the CSP", () => {
    const headers = securityHeaders("default-src 'self'");
    expect(headers).toMatchObject({
      "content-security-policy": "default-src 'self'",
      "referrer-policy": "strict-origin-when-cross-origin",
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
    });
    for (const feature of ["camera", "microphone", "geolocation", "payment", "usb"]) {
      expect(PERMISSIONS_POLICY).toContain(`${feature}=()`);
    }
  });
});
