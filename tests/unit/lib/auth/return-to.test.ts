import { describe, expect, it } from "vitest";
import { MAX_RETURN_TO_LENGTH, returnToOrDefault, safeReturnTo, signInPath } from "@/lib/auth/return-to";

describe("safeReturnTo accepts same-origin paths", () => {
  it.each([
    ["/items/cll-demo-billing?t=1m0s", "/items/cll-demo-billing?t=1m0s"],
    ["/", "/"],
    ["/items/msg-demo-inbound", "/items/msg-demo-inbound"],
    ["/items/cll-x?t=90&utm_source=slack", "/items/cll-x?t=90&utm_source=slack"],
    ["/items/cll-x#transcript", "/items/cll-x#transcript"],
    ["/search?q=100%25", "/search?q=100%25"],
    ["/a/./b/../c", "/a/c"],
    // A path that merely contains a URL stays on this origin.
    ["/https://evil.com", "/https://evil.com"],
    ["/@evil.com", "/@evil.com"],
  ])("%s → %s", (input, expected) => {
    expect(safeReturnTo(input)).toBe(expected);
  });
});

describe("safeReturnTo refuses anything that could leave the dashboard", () => {
  it.each([
    ["protocol-relative", "//evil.com"],
    ["protocol-relative with path", "//evil.com/items/cll-x"],
    ["triple slash", "///evil.com"],
    ["backslash after slash", "/\\evil.com"],
    ["backslash only", "\\\\evil.com"],
    ["backslash inside the path", "/items\\..\\..\\evil.com"],
    ["absolute https URL", "https://evil.com"],
    ["absolute http URL", "http://evil.com/items/cll-x"],
    ["scheme without slashes", "http:evil.com"],
    ["javascript scheme", "javascript:alert(document.cookie)"],
    ["javascript scheme, mixed case", "JaVaScRiPt:alert(1)"],
    ["data URL", "data:text/html,<script>alert(1)</script>"],
    ["encoded slashes", "/%2F%2Fevil.com"],
    ["encoded slashes, lower case", "/%2f%2fevil.com"],
    ["double-encoded slashes", "/%252F%252Fevil.com"],
    ["encoded backslash", "/%5Cevil.com"],
    ["encoded backslash, double", "/%255Cevil.com"],
    ["tab that browsers strip", "/\t/evil.com"],
    ["newline that browsers strip", "/\n/evil.com"],
    ["carriage return", "/\r/evil.com"],
    ["encoded tab", "/%09/evil.com"],
    ["null byte", "/items\u0000/evil"],
    ["leading space", " /items/cll-x"],
    ["raw space inside", "/items/cll x"],
    ["dot segments collapsing into //", "/..//evil.com"],
    ["dot segments, encoded", "/.%2E//evil.com"],
    ["bare host", "evil.com"],
    ["relative path", "items/cll-x"],
    ["parent path", "../evil"],
    ["empty", ""],
    ["very long", `/${"a".repeat(MAX_RETURN_TO_LENGTH)}`],
    ["sign-in loop", "/auth/sign-in?returnTo=/auth/sign-in"],
    ["callback loop", "/auth/callback?code=x"],
    ["slashes encoded five times over", `/${"%2F%2Fevil.com".replaceAll("%", "%25252525")}`],
  ])("%s", (_name, input) => {
    expect(safeReturnTo(input)).toBeNull();
  });

  it("keeps an oddly encoded path on this origin (it is only a path)", () => {
    expect(safeReturnTo("/%25%25%25252F%2F")).toBe("/%25%25%25252F%2F");
  });

  it.each([null, undefined, 42, {}, ["/items/cll-x"]])("non-string %p", (input) => {
    expect(safeReturnTo(input)).toBeNull();
  });
});

describe("returnToOrDefault and signInPath", () => {
  it("falls back to the home page", () => {
    expect(returnToOrDefault("//evil.com")).toBe("/");
    expect(returnToOrDefault(null)).toBe("/");
    expect(returnToOrDefault("/items/cll-x?t=5")).toBe("/items/cll-x?t=5");
  });

  it("carries a safe return path and drops an unsafe one", () => {
    expect(signInPath("/items/cll-demo-billing?t=1m0s")).toBe(
      "/auth/sign-in?returnTo=%2Fitems%2Fcll-demo-billing%3Ft%3D1m0s",
    );
    expect(signInPath("https://evil.com")).toBe("/auth/sign-in");
    expect(signInPath("/")).toBe("/auth/sign-in");
    expect(signInPath(null, { switchAccount: true })).toBe("/auth/sign-in?switch=1");
  });
});
