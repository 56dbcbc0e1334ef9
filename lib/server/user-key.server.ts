/**
 * The fair-share key of whoever makes a request: a stable, opaque string per signed-in user
 * (a hash of issuer and subject, so no email sits in limiter queues or, later, in Redis), or
 * null when this dashboard has no users of its own (AUTH_MODE=none behind an SSO proxy, demo
 * mode). Null callers share one queue and only the instance-wide stream cap: headers such as
 * X-Forwarded-For or an SSO proxy's user header are not trusted here, since a client that can
 * vary them could claim several shares.
 *
 * Reads the session through the auth module's own checks and changes nothing in it.
 */
import "server-only";
import { createHash } from "node:crypto";
import { resolveAuthEnv } from "./auth/auth-env.server";
import type { SessionUser } from "./auth/session-token";
import { cookieFromHeader, sessionCookieName, verifySession } from "./auth/session-check.server";

/** The key of a verified session's user (the proxy has already read the session). */
export function userKeyOf(user: Pick<SessionUser, "iss" | "sub">): string {
  return `u_${createHash("sha256").update(`${user.iss}\n${user.sub}`).digest("base64url").slice(0, 22)}`;
}

export async function userKeyFromCookies(cookieHeader: string | null): Promise<string | null> {
  const env = resolveAuthEnv();
  if (env.mode !== "oidc") return null;
  // The cookie's name depends on the scheme (`__Host-` over https).
  const user = await verifySession(cookieFromHeader(cookieHeader, sessionCookieName(env)), env);
  return user ? userKeyOf(user) : null;
}

export function userKeyFor(request: Request): Promise<string | null> {
  return userKeyFromCookies(request.headers.get("cookie"));
}
