/** Small HTTP helpers shared by the /auth route handlers and the proxy. */
import "server-only";
import { NextResponse } from "next/server";
import { isLoopbackHostname, loopbackListenOrigin, serverEnv } from "@/lib/server/env.server";
import type { OidcAuthEnv } from "./auth-env.server";
import { usesHttps } from "./session-check.server";

/** Holds the email the provider vouched for, so the access-denied page can name the account. */
export const ACCESS_DENIED_COOKIE = "callview_access_denied";
export const ACCESS_DENIED_PATH = "/auth/access-denied";
export const ACCESS_DENIED_MAX_AGE_SECONDS = 5 * 60;

/** `host[:port]` with nothing else in it. */
const HOST_HEADER = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i;

/**
 * The browser-facing origin for URLs that must be absolute (the OIDC redirect URI, the
 * provider's post-logout URI): AUTH_URL / CALLVIEW_PUBLIC_URL when configured, which start-up
 * requires unless the server listens on loopback. On loopback without one, the Host header the
 * browser used, if it names this machine (so `localhost` and `127.0.0.1` both work), else the
 * listen address. X-Forwarded-Host and X-Forwarded-Proto are never read: anyone can send them.
 */
export function publicOriginFor(request: Request, env: OidcAuthEnv | null): string {
  return env?.publicOrigin ?? loopbackOrigin(request.headers);
}

/**
 * A plain-http origin on this machine: from the Host header when it names loopback; otherwise
 * (a foreign Host, e.g. DNS rebinding) the address this server listens on.
 */
export function loopbackOrigin(headers: Headers): string {
  const host = headers.get("host")?.trim() ?? "";
  const match = HOST_HEADER.exec(host);
  if (match?.[1] && isLoopbackHostname(match[1])) return `http://${host.toLowerCase()}`;
  return loopbackListenOrigin(serverEnv().listen, process.env.PORT) ?? "http://127.0.0.1";
}

/**
 * 303 so a POST (sign-out) becomes a GET; `no-store` so no cache remembers an auth redirect.
 * Paths on this site stay relative, so no origin is ever derived from the request for them.
 */
export function redirectResponse(location: string | URL): NextResponse {
  const target = typeof location === "string" ? location : location.href;
  const response = new NextResponse(null, { status: 303, headers: { location: target } });
  response.headers.set("cache-control", "private, no-store");
  return response;
}

export type CookieSpec = { path: string; maxAgeSeconds: number };

/** httpOnly (scripts never read it), SameSite=Lax (sent on the IdP's top-level redirect back), Secure on https. */
export function setAuthCookie(
  response: NextResponse,
  env: OidcAuthEnv,
  name: string,
  value: string,
  spec: CookieSpec,
): void {
  response.cookies.set(name, value, {
    httpOnly: true,
    secure: usesHttps(env.publicOrigin),
    sameSite: "lax",
    path: spec.path,
    maxAge: spec.maxAgeSeconds,
  });
}

export function clearAuthCookie(
  response: NextResponse,
  env: OidcAuthEnv | null,
  name: string,
  path: string,
): void {
  response.cookies.set(name, "", {
    httpOnly: true,
    secure: usesHttps(env?.publicOrigin ?? null),
    sameSite: "lax",
    path,
    maxAge: 0,
  });
}

/** Fields for the server log: the message and its cause, never a stack or a token. */
export function errorFields(error: unknown): { error: string; cause?: string } {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? error.cause.message : undefined;
    return { error: `${error.name}: ${error.message}`, ...(cause ? { cause } : {}) };
  }
  return { error: "unknown error" };
}
