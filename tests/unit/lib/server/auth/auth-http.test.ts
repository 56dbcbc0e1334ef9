import { beforeAll, describe, expect, it } from "vitest";
import type { OidcAuthEnv } from "@/lib/server/auth/auth-env.server";

let http: typeof import("@/lib/server/auth/auth-http.server");

beforeAll(async () => {
  Object.assign(process.env, { HOSTNAME: "127.0.0.1", PORT: "3000" });
  http = await import("@/lib/server/auth/auth-http.server");
});

const ENV = { publicOrigin: null } as OidcAuthEnv;

function request(headers: Record<string, string>): Request {
  return new Request("https://0.0.0.0:3000/auth/sign-in", { headers });
}

describe("publicOriginFor", () => {
  it("is the configured public URL when there is one, whatever the request says", () => {
    const env = { ...ENV, publicOrigin: "https://cv.example.com" };
    expect(
      http.publicOriginFor(request({ host: "evil.example", "x-forwarded-host": "evil.example" }), env),
    ).toBe("https://cv.example.com");
  });

  it("on loopback follows a Host header that names this machine, over plain http", () => {
    for (const host of ["127.0.0.1:3000", "localhost:3000", "[::1]:3000", "LOCALHOST:3000"]) {
      expect(http.publicOriginFor(request({ host, "x-forwarded-proto": "https" }), ENV)).toBe(
        `http://${host.toLowerCase()}`,
      );
    }
  });

  it("never takes a foreign Host or any X-Forwarded-* header", () => {
    const forged: Record<string, string>[] = [
      { host: "evil.example" },
      { host: "127.0.0.1.evil.example:3000" },
      { host: "127.0.0.1:3000@evil.example" },
      { host: "evil.example", "x-forwarded-host": "127.0.0.1:3000" },
    ];
    for (const headers of forged) {
      expect(http.publicOriginFor(request(headers), ENV)).toBe("http://127.0.0.1:3000");
    }
    expect(
      http.publicOriginFor(request({ host: "127.0.0.1:3000", "x-forwarded-host": "evil.example" }), ENV),
    ).toBe("http://127.0.0.1:3000");
  });
});

describe("redirectResponse", () => {
  it("keeps a path on this site relative, so no origin is derived for it", () => {
    const response = http.redirectResponse("/items/cll-demo-billing?t=1m0s");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/items/cll-demo-billing?t=1m0s");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
  });
});
