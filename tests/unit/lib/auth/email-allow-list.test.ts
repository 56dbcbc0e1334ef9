import { describe, expect, it } from "vitest";
import {
  checkAllowList,
  emailOnAllowList,
  normalisedEmail,
  type AllowList,
} from "@/lib/auth/email-allow-list";

const BASE: AllowList = {
  domains: [],
  emails: [],
  anyAccount: false,
  allowMissingEmailVerified: false,
  requireHostedDomain: false,
};
const DOMAINS: AllowList = { ...BASE, domains: ["callview.test"] };
const EMAILS: AllowList = { ...BASE, emails: ["contractor@gmail.com"] };
const BOTH: AllowList = { ...BASE, domains: ["callview.test"], emails: ["contractor@gmail.com"] };

describe("checkAllowList", () => {
  it("refuses everyone when no list is configured and any-account was not chosen (fail closed)", () => {
    expect(checkAllowList({ email: "agent@callview.test", email_verified: true }, BASE)).toEqual({
      allowed: false,
      reason: "not-on-allow-list",
    });
  });

  it("lets every account in only with AUTH_ALLOW_ANY_ACCOUNT", () => {
    expect(checkAllowList({}, { ...BASE, anyAccount: true })).toEqual({ allowed: true });
  });

  it.each([
    ["agent@callview.test", DOMAINS],
    ["Agent@CallView.Test", DOMAINS],
    ["  agent@callview.test ", DOMAINS],
    ["contractor@gmail.com", EMAILS],
    ["CONTRACTOR@gmail.com", EMAILS],
    ["contractor@gmail.com", BOTH],
    ["agent@callview.test", BOTH],
  ])("allows %s", (email, list) => {
    expect(checkAllowList({ email, email_verified: true }, list)).toEqual({ allowed: true });
  });

  it.each([
    ["a subdomain is not the domain", "agent@eu.callview.test"],
    ["a look-alike suffix", "agent@callview.test.evil.com"],
    ["a look-alike prefix", "agent@evilcallview.test"],
    ["another domain", "outsider@evil.test"],
    ["the domain inside the local part", "callview.test@evil.test"],
  ])("refuses %s", (_name, email) => {
    expect(checkAllowList({ email, email_verified: true }, DOMAINS)).toEqual({
      allowed: false,
      reason: "not-on-allow-list",
    });
  });

  it("refuses an address with two @ rather than guessing which one splits it", () => {
    expect(
      checkAllowList({ email: '"agent@callview.test"@evil.test', email_verified: true }, DOMAINS).allowed,
    ).toBe(false);
    expect(
      checkAllowList({ email: "agent@callview.test@evil.test", email_verified: true }, DOMAINS).allowed,
    ).toBe(false);
  });

  it("matches listed emails exactly, not their domain", () => {
    expect(checkAllowList({ email: "someone-else@gmail.com", email_verified: true }, EMAILS).allowed).toBe(
      false,
    );
  });

  describe("email_verified", () => {
    it("refuses an explicitly unverified email", () => {
      for (const email_verified of [false, "false"]) {
        expect(checkAllowList({ email: "agent@callview.test", email_verified }, DOMAINS)).toEqual({
          allowed: false,
          reason: "email-not-verified",
        });
      }
    });

    it("refuses a missing claim by default", () => {
      for (const email_verified of [undefined, null]) {
        expect(checkAllowList({ email: "agent@callview.test", email_verified }, DOMAINS)).toEqual({
          allowed: false,
          reason: "email-verification-unknown",
        });
      }
    });

    it("accepts a missing claim only with the provider opt-out, and never an explicit false", () => {
      const optOut = { ...DOMAINS, allowMissingEmailVerified: true };
      expect(checkAllowList({ email: "agent@callview.test" }, optOut)).toEqual({ allowed: true });
      expect(checkAllowList({ email: "agent@callview.test", email_verified: false }, optOut).allowed).toBe(
        false,
      );
    });

    it("counts only true (or the string some providers send) as verified", () => {
      expect(checkAllowList({ email: "agent@callview.test", email_verified: "true" }, DOMAINS).allowed).toBe(
        true,
      );
      for (const email_verified of [1, "yes", "TRUE ", {}]) {
        expect(checkAllowList({ email: "agent@callview.test", email_verified }, DOMAINS)).toEqual({
          allowed: false,
          reason: "email-not-verified",
        });
      }
    });
  });

  describe("non-ASCII addresses", () => {
    it("refuses the Kelvin sign, which toLowerCase() would turn into k", () => {
      // "\u212A".toLowerCase() === "k": without the check this address would match kallview.test.
      const list = { ...BASE, domains: ["kallview.test"], emails: ["kim@callview.test"] };
      for (const email of ["agent@\u212Aallview.test", "\u212Aim@callview.test"]) {
        expect(checkAllowList({ email, email_verified: true }, list)).toEqual({
          allowed: false,
          reason: "unsupported-email",
        });
      }
    });

    it.each([
      "agent@callvіew.test",
      "ägent@callview.test",
      "agent@callview.test\u200b",
      "agent@ｃallview.test",
    ])("refuses %s", (email) => {
      expect(checkAllowList({ email, email_verified: true }, DOMAINS).allowed).toBe(false);
    });
  });

  describe("Google's hd claim", () => {
    const GOOGLE = { ...BOTH, requireHostedDomain: true };

    it("lets a domain match in only for an account of that Workspace", () => {
      expect(
        checkAllowList({ email: "agent@callview.test", email_verified: true, hd: "callview.test" }, GOOGLE),
      ).toEqual({ allowed: true });
      expect(
        checkAllowList({ email: "agent@callview.test", email_verified: true, hd: "CallView.Test" }, GOOGLE),
      ).toEqual({ allowed: true });
    });

    it("refuses a consumer Google account with a work address, or another Workspace's account", () => {
      for (const hd of [undefined, "", "other.test", ["callview.test"]]) {
        expect(checkAllowList({ email: "agent@callview.test", email_verified: true, hd }, GOOGLE)).toEqual({
          allowed: false,
          reason: "not-hosted-domain",
        });
      }
    });

    it("does not ask for hd when the address itself is listed (e.g. a gmail.com contractor)", () => {
      expect(checkAllowList({ email: "contractor@gmail.com", email_verified: true }, GOOGLE)).toEqual({
        allowed: true,
      });
    });
  });

  it.each([undefined, null, "", "not-an-email", "@callview.test", "agent@", 42])(
    "refuses a missing or malformed email %p",
    (email) => {
      expect(checkAllowList({ email, email_verified: true }, DOMAINS)).toEqual({
        allowed: false,
        reason: "no-email",
      });
    },
  );
});

describe("emailOnAllowList (every request re-checks an existing session)", () => {
  it("follows the list, and any-account", () => {
    expect(emailOnAllowList("agent@callview.test", DOMAINS)).toBe(true);
    expect(emailOnAllowList("agent@old.test", DOMAINS)).toBe(false);
    expect(emailOnAllowList(null, DOMAINS)).toBe(false);
    expect(emailOnAllowList("agent@callview.test", BASE)).toBe(false);
    expect(emailOnAllowList(null, { ...BASE, anyAccount: true })).toBe(true);
  });
});

describe("normalisedEmail", () => {
  it("lower-cases and trims", () => {
    expect(normalisedEmail(" Agent@CallView.TEST ")).toBe("agent@callview.test");
  });

  it.each(["a b@example.com", "a@b@example.com", "x".repeat(321), "\u212Aim@example.com", "é@example.com"])(
    "refuses %s",
    (value) => {
      expect(normalisedEmail(value)).toBeNull();
    },
  );
});
