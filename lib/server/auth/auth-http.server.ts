/** Small HTTP helpers shared by the /auth route handlers and the proxy. */
import "server-only";
import { NextResponse } from "next/server";
import type { OidcAuthEnv } from "./auth-env.server";
import { isHttpsRequest } from "./session-check.server";

/** Holds the email the provider vouched for, so the access-denied page can name the account. */
export const ACCESS_DENIED_COOKIE = "callview_access_denied";
export const ACCESS_DENIED_PATH = "/auth/access-denied";
export const ACCESS_DENIED_MAX_AGE_SECONDS = 5 * 60;

/**
 * AUTH_URL when set (recommended in production); otherwise the origin the browser used, from
 * the Host header (`request.url` under `next start` says "localhost" whatever the browser
 * asked for). A forged Host cannot steal a sign-in: the provider only redirects to registered URIs.
 */
export function publicOriginFor(request: Request, env: OidcAuthEnv | null): string {
  const url = new URL(request.url);
  return env?.publicOrigin ?? originFromHeaders(request.headers, url.protocol) ?? url.origin;
}

/** The browser-facing origin from Host / X-Forwarded-* headers; null when they are missing or odd. */
export function originFromHeaders(headers: Headers, fallbackProtocol = "http:"): string | null {
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
  if (!host || !/^[A-Za-z0-9.:[\]-]+$/.test(host)) return null;
  const forwardedProto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  const protocol =
    forwardedProto === "https" || forwardedProto === "http" ? `${forwardedProto}:` : fallbackProtocol;
  return `${protocol}//${host}`;
}

/** 303 so a POST (sign-out) becomes a GET; `no-store` so no cache remembers an auth redirect. */
export function redirectResponse(location: string | URL, origin: string): NextResponse {
  const response = NextResponse.redirect(new URL(location, origin), 303);
  response.headers.set("cache-control", "private, no-store");
  return response;
}

export type CookieSpec = { path: string; maxAgeSeconds: number };

/** httpOnly (scripts never read it), SameSite=Lax (sent on the IdP's top-level redirect back), Secure on https. */
export function setAuthCookie(
  response: NextResponse,
  request: Request,
  env: OidcAuthEnv,
  name: string,
  value: string,
  spec: CookieSpec,
): void {
  response.cookies.set(name, value, {
    httpOnly: true,
    secure: isHttpsRequest(request, env),
    sameSite: "lax",
    path: spec.path,
    maxAge: spec.maxAgeSeconds,
  });
}

export function clearAuthCookie(
  response: NextResponse,
  request: Request,
  env: OidcAuthEnv | null,
  name: string,
  path: string,
): void {
  response.cookies.set(name, "", {
    httpOnly: true,
    secure: isHttpsRequest(request, env),
    sameSite: "lax",
    path,
    maxAge: 0,
  });
}

/** One line for the server log: the message and its cause, never a stack or a token. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
    return `${error.name}: ${error.message}${cause}`;
  }
  return "unknown error";
}
