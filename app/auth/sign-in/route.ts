/**
 * GET /auth/sign-in?returnTo=/items/…  — starts an OpenID Connect sign-in and redirects to the
 * identity provider. A notification link opened while signed out arrives here (via the proxy)
 * and goes straight to the provider: no extra click for the agent.
 */
import type { NextRequest } from "next/server";
import { returnToOrDefault } from "@/lib/auth/return-to";
import { resolveAuthEnv } from "@/lib/server/auth/auth-env.server";
import {
  errorFields,
  publicOriginFor,
  redirectResponse,
  setAuthCookie,
} from "@/lib/server/auth/auth-http.server";
import {
  beginSignIn,
  CALLBACK_PATH,
  SIGN_IN_TRANSACTION_MAX_AGE_SECONDS,
  signInCookieName,
} from "@/lib/server/auth/oidc.server";
import { sessionCookieName, verifySession } from "@/lib/server/auth/session-check.server";
import { logger } from "@/lib/server/logger.server";

export const dynamic = "force-dynamic";

export async function GET(request: NextRequest) {
  const env = resolveAuthEnv();
  const returnTo = returnToOrDefault(request.nextUrl.searchParams.get("returnTo"));
  const switchAccount = request.nextUrl.searchParams.get("switch") === "1";

  // Without OIDC there is nothing to sign in to; the proxy shows the setup page when it fails closed.
  if (env.mode !== "oidc") return redirectResponse(returnTo);

  if (!switchAccount && (await verifySession(request.cookies.get(sessionCookieName(env))?.value, env))) {
    return redirectResponse(returnTo);
  }
  // The redirect URI must be absolute: AUTH_URL, or on loopback the Host the browser used.
  const origin = publicOriginFor(request, env);

  try {
    const { authorizationUrl, transaction, sealedTransaction } = await beginSignIn(env, {
      publicOrigin: origin,
      returnTo,
      switchAccount,
    });
    const response = redirectResponse(authorizationUrl);
    setAuthCookie(response, env, signInCookieName(transaction.state), sealedTransaction, {
      path: CALLBACK_PATH,
      maxAgeSeconds: SIGN_IN_TRANSACTION_MAX_AGE_SECONDS,
    });
    return response;
  } catch (error) {
    // Logged for the operator without a stack or secrets; the agent sees a friendly page.
    logger().error(
      { event: "sign-in.provider-unreachable", issuer: env.issuer, ...errorFields(error) },
      "Sign-in: could not reach the identity provider",
    );
    const params = new URLSearchParams({ reason: "unreachable", returnTo });
    return redirectResponse(`/auth/error?${params}`);
  }
}
