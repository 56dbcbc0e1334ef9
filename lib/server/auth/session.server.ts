/**
 * Access checks for the rest of the app, the same decisions proxy.ts makes, taken again where
 * the data is served (defence in depth: a matcher change must not open anything):
 *  - route handlers call `requireSession`;
 *  - dashboard pages call `requirePageViewer` (a layout alone is not enough: Next.js does not
 *    re-render layouts on client-side navigation, so each page and its data lookup check too).
 */
import "server-only";
import { cookies, headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { errorResponse } from "@/lib/api/error-response.server";
import {
  authNotConfiguredError,
  proxySecretRequiredError,
  signInRequiredError,
} from "@/lib/api/standard-errors";
import { signInPath } from "@/lib/auth/return-to";
import { resolveAuthEnv, type ResolvedAuthEnv } from "./auth-env.server";
import {
  accessPolicy,
  proxySecretMatches,
  proxyUserEmail,
  sessionCookieFrom,
  sessionCookieName,
  SETUP_REQUIRED_PATH,
  verifySession,
} from "./session-check.server";

/**
 * Null when the request may proceed; otherwise the response to send: 401 `SIGN_IN_REQUIRED`
 * without a valid session, 403 `PROXY_SECRET_REQUIRED` without the SSO proxy's secret, 503
 * `AUTH_NOT_CONFIGURED` when the dashboard fails closed.
 */
export async function requireSession(request: Request, requestId: string): Promise<Response | null> {
  return requireSessionWith(request, requestId, resolveAuthEnv());
}

/** `requireSession` with the configuration passed in (unit tests). */
export async function requireSessionWith(
  request: Request,
  requestId: string,
  env: ResolvedAuthEnv,
): Promise<Response | null> {
  switch (accessPolicy(env)) {
    case "open":
      return null;
    case "proxy":
      if (env.mode === "none" && env.reason === "explicit" && env.proxy) {
        return proxySecretMatches(request.headers, env.proxy)
          ? null
          : errorResponse(proxySecretRequiredError(requestId));
      }
      break;
    case "session":
      if (env.mode === "oidc") {
        const user = await verifySession(sessionCookieFrom(request.headers, env), env);
        return user ? null : errorResponse(signInRequiredError(requestId));
      }
      break;
    case "closed":
      break;
  }
  return errorResponse(authNotConfiguredError(requestId));
}

/** Who is looking at a dashboard page, as far as the page header needs to know. */
export type Viewer =
  /** Demo mode, or AUTH_MODE=none without the proxy's secret configured: nobody to name. */
  | { kind: "anonymous" }
  /** Signed in here (OIDC): the header offers "Sign out". */
  | { kind: "session"; name: string | null; email: string | null }
  /** Signed in at the SSO proxy, which named the user in a trusted header (or did not). */
  | { kind: "proxy"; email: string | null };

/**
 * The dashboard pages' own access check: the viewer, or it does not return. Signed out →
 * `redirect` to sign-in (back to `returnTo`); failing closed → the setup page; a request that
 * did not come through the SSO proxy → `notFound()` (nothing about the dashboard is revealed).
 */
export async function requirePageViewer(returnTo: string | null = null): Promise<Viewer> {
  const env = resolveAuthEnv();
  switch (accessPolicy(env)) {
    case "open":
      return { kind: "anonymous" };
    case "proxy": {
      if (env.mode !== "none" || env.reason !== "explicit" || !env.proxy) break;
      const requestHeaders = await headers();
      if (!proxySecretMatches(requestHeaders, env.proxy)) notFound();
      return { kind: "proxy", email: proxyUserEmail(requestHeaders, env.proxy) };
    }
    case "session": {
      if (env.mode !== "oidc") break;
      const cookie = (await cookies()).get(sessionCookieName(env))?.value;
      const user = await verifySession(cookie, env);
      if (!user) redirect(signInPath(returnTo));
      return { kind: "session", name: user.name, email: user.email };
    }
    case "closed":
      break;
  }
  redirect(SETUP_REQUIRED_PATH);
}

export type SignedInUser = { name: string | null; email: string | null };

/** The signed-in user for pages outside the dashboard (sign-out); null when nobody is signed in or sign-in is off. */
export async function getSessionUser(): Promise<SignedInUser | null> {
  const env = resolveAuthEnv();
  if (env.mode !== "oidc") return null;
  const user = await verifySession((await cookies()).get(sessionCookieName(env))?.value, env);
  return user ? { name: user.name, email: user.email } : null;
}
