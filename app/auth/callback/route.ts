/**
 * GET /auth/callback?code=…&state=…  — the identity provider sends the agent back here. The
 * code is exchanged (PKCE, state and nonce checked), the allow-list applied, and only then is
 * a session cookie set. Every failure ends on a friendly page, never a stack trace.
 */
import type { NextRequest } from "next/server";
import { checkAllowList } from "@/lib/auth/email-allow-list";
import { returnToOrDefault } from "@/lib/auth/return-to";
import { resolveAuthEnv } from "@/lib/server/auth/auth-env.server";
import {
  ACCESS_DENIED_COOKIE,
  ACCESS_DENIED_MAX_AGE_SECONDS,
  ACCESS_DENIED_PATH,
  clearAuthCookie,
  describeError,
  publicOriginFor,
  redirectResponse,
  setAuthCookie,
} from "@/lib/server/auth/auth-http.server";
import {
  CALLBACK_PATH,
  completeSignIn,
  isPlausibleState,
  readSignInTransaction,
  signInCookieName,
} from "@/lib/server/auth/oidc.server";
import { SESSION_COOKIE } from "@/lib/server/auth/session-check.server";
import { seal, sealSession } from "@/lib/server/auth/session-token";

export const dynamic = "force-dynamic";

type FailureReason = "expired" | "cancelled" | "provider-error" | "failed";

export async function GET(request: NextRequest) {
  const env = resolveAuthEnv();
  if (env.mode !== "oidc") return redirectResponse("/", new URL(request.url).origin);

  const origin = publicOriginFor(request, env);
  const params = request.nextUrl.searchParams;
  const state = params.get("state");
  const sealed = isPlausibleState(state) ? request.cookies.get(signInCookieName(state))?.value : undefined;
  const transaction = sealed ? await readSignInTransaction(sealed, env) : null;

  const fail = (reason: FailureReason, returnTo: string | null) => {
    const query = new URLSearchParams({ reason, returnTo: returnToOrDefault(returnTo) });
    const response = redirectResponse(`/auth/error?${query}`, origin);
    if (isPlausibleState(state))
      clearAuthCookie(response, request, env, signInCookieName(state), CALLBACK_PATH);
    return response;
  };

  // No (valid) transaction: the sign-in expired, was started in another browser, or this is a forged callback.
  if (!transaction || !isPlausibleState(state)) return fail("expired", null);

  const providerError = params.get("error");
  if (providerError) {
    console.warn(`Callview sign-in: the identity provider answered "${providerError.slice(0, 100)}".`);
    return fail(providerError === "access_denied" ? "cancelled" : "provider-error", transaction.returnTo);
  }

  let identity;
  try {
    identity = await completeSignIn(env, transaction, params);
  } catch (error) {
    console.error(`Callview sign-in: the callback could not be completed: ${describeError(error)}`);
    return fail("failed", transaction.returnTo);
  }

  const decision = checkAllowList(
    { email: identity.email, email_verified: identity.emailVerified },
    env.allowList,
  );
  if (!decision.allowed) {
    console.warn(
      `Callview sign-in: refused ${identity.email ?? `subject ${identity.sub}`} (${decision.reason}).`,
    );
    const response = redirectResponse(ACCESS_DENIED_PATH, origin);
    clearAuthCookie(response, request, env, signInCookieName(state), CALLBACK_PATH);
    clearAuthCookie(response, request, env, SESSION_COOKIE, "/");
    const denied = await seal(
      "access-denied",
      { email: identity.email, reason: decision.reason },
      env.secret,
      {
        maxAgeSeconds: ACCESS_DENIED_MAX_AGE_SECONDS,
      },
    );
    setAuthCookie(response, request, env, ACCESS_DENIED_COOKIE, denied, {
      path: ACCESS_DENIED_PATH,
      maxAgeSeconds: ACCESS_DENIED_MAX_AGE_SECONDS,
    });
    return response;
  }

  const session = await sealSession(
    { sub: identity.sub, iss: identity.iss, name: identity.name, email: identity.email },
    env.secret,
    { maxAgeSeconds: env.sessionMaxAgeSeconds },
  );
  const response = redirectResponse(returnToOrDefault(transaction.returnTo), origin);
  setAuthCookie(response, request, env, SESSION_COOKIE, session, {
    path: "/",
    maxAgeSeconds: env.sessionMaxAgeSeconds,
  });
  clearAuthCookie(response, request, env, signInCookieName(state), CALLBACK_PATH);
  clearAuthCookie(response, request, env, ACCESS_DENIED_COOKIE, ACCESS_DENIED_PATH);
  return response;
}
