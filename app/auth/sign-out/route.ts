/**
 * POST /auth/sign-out — clears the session cookie and shows the signed-out page.
 * GET  /auth/sign-out — only shows a confirmation page: a link preview, prefetch or stray
 * click must not sign anyone out.
 *
 * Any page can offer sign-out with a plain form (no JavaScript needed):
 * `<form method="post" action="/auth/sign-out"><button>Sign out</button></form>`.
 */
import type { NextRequest } from "next/server";
import { resolveAuthEnv } from "@/lib/server/auth/auth-env.server";
import { clearAuthCookie, publicOriginFor, redirectResponse } from "@/lib/server/auth/auth-http.server";
import { SIGNED_OUT_PATH } from "@/lib/server/auth/oidc.server";
import { SECURE_SESSION_COOKIE, SESSION_COOKIE, usesHttps } from "@/lib/server/auth/session-check.server";

export const dynamic = "force-dynamic";

export function GET() {
  return redirectResponse("/auth/sign-out/confirm");
}

/**
 * Clears the session cookie in this browser. It revokes nothing else: a copy of the cookie
 * stays valid until its idle timeout or lifetime ends (see README, Sign-in).
 */
export function POST(request: NextRequest) {
  const env = resolveAuthEnv();
  const oidcEnv = env.mode === "oidc" ? env : null;
  const origin = publicOriginFor(request, oidcEnv);
  // Another site must not be able to sign agents out (logout CSRF): browsers send Origin on POST.
  const requestOrigin = request.headers.get("origin");
  if (requestOrigin && requestOrigin !== origin) {
    return new Response("Cross-site sign-out refused.", {
      status: 403,
      headers: { "cache-control": "no-store" },
    });
  }
  const response = redirectResponse(SIGNED_OUT_PATH);
  clearAuthCookie(response, oidcEnv, SESSION_COOKIE, "/");
  if (usesHttps(oidcEnv?.publicOrigin ?? null))
    clearAuthCookie(response, oidcEnv, SECURE_SESSION_COOKIE, "/");
  return response;
}
