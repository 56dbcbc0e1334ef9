/**
 * Session API for the rest of the app: route handlers call `requireSession` (the proxy checks
 * too; this is defence in depth), server components call `getSessionUser` to show who is
 * signed in.
 */
import "server-only";
import { cookies } from "next/headers";
import { errorResponse } from "@/lib/api/error-response.server";
import { authNotConfiguredError, signInRequiredError } from "@/lib/api/standard-errors";
import { resolveAuthEnv, type ResolvedAuthEnv } from "./auth-env.server";
import { accessPolicy, cookieFromHeader, SESSION_COOKIE, verifySession } from "./session-check.server";

/**
 * Null when the request may proceed; otherwise the response to send: 401 `SIGN_IN_REQUIRED`
 * without a valid session, 503 `AUTH_NOT_CONFIGURED` when the dashboard fails closed.
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
  const policy = accessPolicy(env);
  if (policy === "open") return null;
  if (env.mode !== "oidc") return errorResponse(authNotConfiguredError(requestId));
  const user = await verifySession(cookieFromHeader(request.headers.get("cookie"), SESSION_COOKIE), env);
  return user ? null : errorResponse(signInRequiredError(requestId));
}

export type SignedInUser = { name: string | null; email: string | null };

/** The signed-in user for server components; null when nobody is signed in or sign-in is off. */
export async function getSessionUser(): Promise<SignedInUser | null> {
  const env = resolveAuthEnv();
  if (env.mode !== "oidc") return null;
  const user = await verifySession((await cookies()).get(SESSION_COOKIE)?.value, env);
  return user ? { name: user.name, email: user.email } : null;
}

/** Whether the page header should offer "Sign out" (only when this dashboard manages sessions). */
export function signInEnabled(): boolean {
  return resolveAuthEnv().mode === "oidc";
}
