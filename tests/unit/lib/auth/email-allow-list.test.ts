import { describe, expect, it } from "vitest";
import { checkAllowList, normalisedEmail } from "@/lib/auth/email-allow-list";

const DOMAINS = { domains: ["callview.test"], emails: [] };
const EMAILS = { domains: [], emails: ["contractor@gmail.com"] };
const BOTH = { domains: ["callview.test"], emails: ["contractor@gmail.com"] };

describe("checkAllowList", () => {
  it("allows everyone when no list is configured", () => {
    expect(checkAllowList({}, { domains: [], emails: [] })).toEqual({ allowed: true });
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
    expect(checkAllowList({ email: "someone-else@gmail.com" }, EMAILS).allowed).toBe(false);
  });

  it("refuses an explicitly unverified email, but accepts a missing email_verified claim", () => {
    expect(checkAllowList({ email: "agent@callview.test", email_verified: false }, DOMAINS)).toEqual({
      allowed: false,
      reason: "email-not-verified",
    });
    expect(checkAllowList({ email: "agent@callview.test", email_verified: "false" }, DOMAINS).allowed).toBe(
      false,
    );
    expect(checkAllowList({ email: "agent@callview.test" }, DOMAINS).allowed).toBe(true);
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

describe("normalisedEmail", () => {
  it("lower-cases and trims", () => {
    expect(normalisedEmail(" Agent@CallView.TEST ")).toBe("agent@callview.test");
  });

  it.each(["a b@example.com", "a@b@example.com", "x".repeat(321)])("refuses %s", (value) => {
    expect(normalisedEmail(value)).toBeNull();
  });
});
