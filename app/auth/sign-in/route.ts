/**
 * GET /auth/sign-in?returnTo=/items/…  — starts an OpenID Connect sign-in and redirects to the
 * identity provider. A notification link opened while signed out arrives here (via the proxy)
 * and goes straight to the provider: no extra click for the agent.
 */
import type { NextRequest } from "next/server";
import { returnToOrDefault } from "@/lib/auth/return-to";
import { resolveAuthEnv } from "@/lib/server/auth/auth-env.server";
import {
  describeError,
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
import { SESSION_COOKIE, verifySession } from "@/lib/server/auth/session-check.server";

export const dynamic = "force-dynamic";

export async function GET(request: NextRequest) {
  const env = resolveAuthEnv();
  const returnTo = returnToOrDefault(request.nextUrl.searchParams.get("returnTo"));
  const switchAccount = request.nextUrl.searchParams.get("switch") === "1";

  // Without OIDC there is nothing to sign in to; the proxy shows the setup page when it fails closed.
  if (env.mode !== "oidc") return redirectResponse(returnTo, new URL(request.url).origin);

  const origin = publicOriginFor(request, env);
  if (!switchAccount && (await verifySession(request.cookies.get(SESSION_COOKIE)?.value, env))) {
    return redirectResponse(returnTo, origin);
  }

  try {
    const { authorizationUrl, transaction, sealedTransaction } = await beginSignIn(env, {
      publicOrigin: origin,
      returnTo,
      switchAccount,
    });
    const response = redirectResponse(authorizationUrl, origin);
    setAuthCookie(response, request, env, signInCookieName(transaction.state), sealedTransaction, {
      path: CALLBACK_PATH,
      maxAgeSeconds: SIGN_IN_TRANSACTION_MAX_AGE_SECONDS,
    });
    return response;
  } catch (error) {
    // Logged for the operator without a stack or secrets; the agent sees a friendly page.
    console.error(
      `Callview sign-in: could not reach the identity provider at ${env.issuer}: ${describeError(error)}`,
    );
    const params = new URLSearchParams({ reason: "unreachable", returnTo });
    return redirectResponse(`/auth/error?${params}`, origin);
  }
}
