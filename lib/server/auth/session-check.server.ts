/**
 * Checking a session from raw request data, shared by `proxy.ts` (every request) and the route
 * handlers (`requireSession`, defence in depth). Nothing here reads `next/headers`, so the
 * proxy can use it.
 */
import "server-only";
import { checkAllowList } from "@/lib/auth/email-allow-list";
import type { OidcAuthEnv, ResolvedAuthEnv } from "./auth-env.server";
import { unsealSession, type SessionUser } from "./session-token";

/** Not `__Host-`: that prefix needs `Secure`, which plain-http test and loopback setups cannot set. */
export const SESSION_COOKIE = "callview_session";

/** Value of one cookie from a `Cookie` header, or null. */
export function cookieFromHeader(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const separator = part.indexOf("=");
    if (separator === -1) continue;
    if (part.slice(0, separator).trim() !== name) continue;
    const raw = part.slice(separator + 1).trim();
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return null;
}

/**
 * The signed-in user, or null. The allow-list and issuer are checked again on every request,
 * so narrowing AUTH_ALLOWED_* or switching provider takes effect without waiting for expiry.
 */
export async function verifySession(
  cookieValue: string | null | undefined,
  env: OidcAuthEnv,
): Promise<SessionUser | null> {
  if (!cookieValue) return null;
  const user = await unsealSession(cookieValue, env.secret);
  if (!user || user.iss !== env.issuer) return null;
  // Sessions only exist for verified emails (checked at sign-in), so email_verified is not stored.
  if (!checkAllowList({ email: user.email }, env.allowList).allowed) return null;
  return user;
}

/** Cookies get `Secure` when the dashboard is reached over https (directly or through a TLS proxy). */
export function isHttpsRequest(request: Request, env: OidcAuthEnv | null): boolean {
  if (env?.publicOrigin) return env.publicOrigin.startsWith("https:");
  const forwarded = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  if (forwarded) return forwarded === "https";
  return new URL(request.url).protocol === "https:";
}

/** Whether this configuration lets requests through without a session, needs one, or serves nothing. */
export function accessPolicy(env: ResolvedAuthEnv): "open" | "session" | "closed" {
  switch (env.mode) {
    case "none":
      return "open";
    case "oidc":
      return "session";
    default:
      return "closed";
  }
}
