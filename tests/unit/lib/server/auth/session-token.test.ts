import { describe, expect, it } from "vitest";
import { seal, sealSession, unseal, unsealSession, type SessionUser } from "@/lib/server/auth/session-token";

const SECRET = "unit-test-secret-0123456789abcdefghijkl";
const OTHER_SECRET = "another-unit-test-secret-0123456789abcd";
const USER: SessionUser = {
  sub: "user-1",
  iss: "https://idp.example.com",
  name: "Alex Agent",
  email: "alex@example.com",
};
const now = () => Math.floor(Date.now() / 1000);

/** Changes one character in the middle of segment `index` of a compact JWE. */
function tamper(token: string, index: number): string {
  const parts = token.split(".");
  const segment = parts[index] ?? "";
  const position = Math.floor(segment.length / 2);
  parts[index] =
    `${segment.slice(0, position)}${segment[position] === "A" ? "B" : "A"}${segment.slice(position + 1)}`;
  return parts.join(".");
}

describe("session cookies", () => {
  it("round-trips the user", async () => {
    const token = await sealSession(USER, SECRET, { maxAgeSeconds: 60 });
    expect(await unsealSession(token, SECRET)).toEqual(USER);
  });

  it("is encrypted: the email and name cannot be read from the cookie", async () => {
    const token = await sealSession(USER, SECRET, { maxAgeSeconds: 60 });
    const readable = token
      .split(".")
      .map((part) => Buffer.from(part, "base64url").toString("latin1"))
      .join(" ");
    expect(readable).not.toContain("alex@example.com");
    expect(readable).not.toContain("Alex Agent");
    expect(JSON.parse(Buffer.from(token.split(".")[0] ?? "", "base64url").toString())).toEqual({
      alg: "dir",
      enc: "A256GCM",
    });
  });

  it.each([
    ["protected header", 0],
    ["initialisation vector", 2],
    ["ciphertext", 3],
    ["authentication tag", 4],
  ])("refuses a cookie with a tampered %s", async (_name, index) => {
    const token = await sealSession(USER, SECRET, { maxAgeSeconds: 60 });
    expect(await unsealSession(tamper(token, index), SECRET)).toBeNull();
  });

  it("refuses an expired cookie", async () => {
    const token = await sealSession(USER, SECRET, { now: now() - 3600, maxAgeSeconds: 600 });
    expect(await unsealSession(token, SECRET)).toBeNull();
  });

  it("accepts a cookie right before it expires", async () => {
    const token = await sealSession(USER, SECRET, { now: now() - 590, maxAgeSeconds: 600 });
    expect(await unsealSession(token, SECRET)).toEqual(USER);
  });

  it("refuses a cookie sealed with another secret", async () => {
    const token = await sealSession(USER, OTHER_SECRET, { maxAgeSeconds: 60 });
    expect(await unsealSession(token, SECRET)).toBeNull();
  });

  it("refuses a sign-in transaction cookie presented as a session", async () => {
    const token = await seal("sign-in", { sub: "user-1", iss: USER.iss }, SECRET, { maxAgeSeconds: 60 });
    expect(await unsealSession(token, SECRET)).toBeNull();
    expect(await unseal("sign-in", token, SECRET)).not.toBeNull();
  });

  it("refuses a session without a subject or issuer", async () => {
    const token = await seal("session", { email: "alex@example.com" }, SECRET, { maxAgeSeconds: 60 });
    expect(await unsealSession(token, SECRET)).toBeNull();
  });

  it.each(["", "garbage", "a.b.c.d.e", "x".repeat(10_000)])("refuses malformed value %#", async (value) => {
    expect(await unsealSession(value, SECRET)).toBeNull();
  });

  it("refuses an unencrypted JWT (alg none)", async () => {
    const header = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
    const body = Buffer.from(
      JSON.stringify({ sub: "admin", iss: USER.iss, exp: now() + 600, iat: now() }),
    ).toString("base64url");
    expect(await unsealSession(`${header}.${body}.`, SECRET)).toBeNull();
  });
});
