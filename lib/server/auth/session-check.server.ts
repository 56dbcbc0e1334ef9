/**
 * Checking access from raw request data, shared by `proxy.ts` (every request), the route
 * handlers (`requireSession`) and the pages (`requirePageViewer`), so the three defences agree.
 * Nothing here reads `next/headers`, so the proxy can use it.
 */
import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { emailOnAllowList, normalisedEmail } from "@/lib/auth/email-allow-list";
import {
  PROXY_SECRET_HEADER,
  type OidcAuthEnv,
  type ProxyGate,
  type ResolvedAuthEnv,
} from "./auth-env.server";
import { unsealSessionToken, type SessionUser } from "./session-token";

/** The session cookie on plain-http loopback, where `Secure` (and so `__Host-`) cannot be set. */
export const SESSION_COOKIE = "callview_session";
/**
 * Over https: `__Host-` makes the browser refuse the cookie unless it is Secure, Path=/ and has
 * no Domain, so neither a sibling subdomain nor a plain-http response can plant or shadow it.
 */
export const SECURE_SESSION_COOKIE = "__Host-callview_session";

/** The operator page a fail-closed dashboard shows for every page. */
export const SETUP_REQUIRED_PATH = "/setup-required";

/** A session is re-sealed (idle timeout pushed back) at most this often, not on every request. */
export const SESSION_REFRESH_AFTER_SECONDS = 5 * 60;

/** Allowed difference between this server's clock and the one that sealed the cookie. */
const CLOCK_TOLERANCE_SECONDS = 5;

/** Whether the dashboard is served over https: only the configured public URL says so, never a header. */
export function usesHttps(publicOrigin: string | null): boolean {
  return publicOrigin?.startsWith("https:") ?? false;
}

export function sessionCookieName(env: OidcAuthEnv): string {
  return usesHttps(env.publicOrigin) ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

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

export type ActiveSession = {
  user: SessionUser;
  /** Sign-in time (seconds since the epoch): the 12-hour lifetime counts from here. */
  authTime: number;
  /** Seconds the cookie may still live: the idle timeout, capped by what is left of the lifetime. */
  remainingSeconds: number;
  /** Old enough that the proxy should re-seal it (pushing the idle timeout back). */
  refreshDue: boolean;
};

/**
 * The session in a cookie, or null. Beyond the token's own expiry: idle for longer than the
 * idle timeout since it was last sealed, or signed in longer ago than the absolute lifetime,
 * means signed out. The allow-list and issuer are checked again on every request, so narrowing
 * AUTH_ALLOWED_* or switching provider takes effect without waiting for expiry.
 */
export async function readSession(
  cookieValue: string | null | undefined,
  env: OidcAuthEnv,
  now: number = Math.floor(Date.now() / 1000),
): Promise<ActiveSession | null> {
  if (!cookieValue) return null;
  const session = await unsealSessionToken(cookieValue, env.secret);
  if (!session || session.user.iss !== env.issuer) return null;
  if (session.issuedAt > now + CLOCK_TOLERANCE_SECONDS) return null;
  const idleEnds = session.issuedAt + env.sessionIdleSeconds;
  const lifetimeEnds = session.authTime + env.sessionMaxAgeSeconds;
  if (idleEnds <= now || lifetimeEnds <= now) return null;
  // Sessions only exist for verified emails (checked at sign-in), so email_verified is not stored.
  if (!emailOnAllowList(session.user.email, env.allowList)) return null;
  return {
    user: session.user,
    authTime: session.authTime,
    remainingSeconds: Math.min(env.sessionIdleSeconds, lifetimeEnds - now),
    refreshDue: now - session.issuedAt >= SESSION_REFRESH_AFTER_SECONDS,
  };
}

/** The signed-in user, or null. */
export async function verifySession(
  cookieValue: string | null | undefined,
  env: OidcAuthEnv,
): Promise<SessionUser | null> {
  return (await readSession(cookieValue, env))?.user ?? null;
}

/** The session of a request, read from the cookie name that fits the scheme. */
export function sessionCookieFrom(headers: Headers, env: OidcAuthEnv): string | null {
  return cookieFromHeader(headers.get("cookie"), sessionCookieName(env));
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

/**
 * Whether the request carries the SSO proxy's shared secret. Compared in constant time (over
 * SHA-256 digests, so the length leaks nothing either).
 */
export function proxySecretMatches(headers: Headers, gate: ProxyGate): boolean {
  const sent = headers.get(PROXY_SECRET_HEADER);
  if (sent === null) return false;
  return timingSafeEqual(digest(sent), digest(gate.secret));
}

/**
 * Who the SSO proxy says is signed in, from its identity headers; believed only with the secret.
 * Null when the proxy sends no (plausible) address.
 */
export function proxyUserEmail(headers: Headers, gate: ProxyGate): string | null {
  if (!proxySecretMatches(headers, gate)) return null;
  for (const name of gate.emailHeaders) {
    const email = normalisedEmail(headers.get(name));
    if (email) return email;
  }
  return null;
}

/**
 * What a request needs: nothing ("open": demo, or AUTH_MODE=none on loopback or a trusted
 * network), the proxy's secret ("proxy"), a session ("session"), or nothing is served ("closed").
 */
export function accessPolicy(env: ResolvedAuthEnv): "open" | "proxy" | "session" | "closed" {
  switch (env.mode) {
    case "none":
      return env.reason === "explicit" && env.proxy ? "proxy" : "open";
    case "oidc":
      return "session";
    default:
      return "closed";
  }
}
