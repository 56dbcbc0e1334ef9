/**
 * GET /auth/callback?code=…&state=…  — the identity provider sends the agent back here. The
 * code is exchanged (PKCE, state and nonce checked), the allow-list applied, and only then is
 * a session cookie set. Every failure ends on a friendly page, never a stack trace.
 */
import type { NextRequest } from "next/server";
import { checkAllowList, normalisedEmail } from "@/lib/auth/email-allow-list";
import { returnToOrDefault } from "@/lib/auth/return-to";
import { resolveAuthEnv } from "@/lib/server/auth/auth-env.server";
import {
  ACCESS_DENIED_COOKIE,
  ACCESS_DENIED_MAX_AGE_SECONDS,
  ACCESS_DENIED_PATH,
  clearAuthCookie,
  errorFields,
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
import {
  SESSION_COOKIE,
  SECURE_SESSION_COOKIE,
  sessionCookieName,
} from "@/lib/server/auth/session-check.server";
import { seal, sealSession } from "@/lib/server/auth/session-token";
import { logger } from "@/lib/server/logger.server";

export const dynamic = "force-dynamic";

type FailureReason = "expired" | "cancelled" | "provider-error" | "failed";

/** What the provider sends in `error` is short ASCII; anything longer is cut before it is logged. */
const MAX_LOGGED_PROVIDER_ERROR = 100;

export async function GET(request: NextRequest) {
  const env = resolveAuthEnv();
  if (env.mode !== "oidc") return redirectResponse("/");

  const params = request.nextUrl.searchParams;
  const state = params.get("state");
  const sealed = isPlausibleState(state) ? request.cookies.get(signInCookieName(state))?.value : undefined;
  const transaction = sealed ? await readSignInTransaction(sealed, env) : null;

  const fail = (reason: FailureReason, returnTo: string | null) => {
    const query = new URLSearchParams({ reason, returnTo: returnToOrDefault(returnTo) });
    const response = redirectResponse(`/auth/error?${query}`);
    if (isPlausibleState(state)) clearAuthCookie(response, env, signInCookieName(state), CALLBACK_PATH);
    return response;
  };

  // No (valid) transaction: the sign-in expired, was started in another browser, or this is a forged callback.
  if (!transaction || !isPlausibleState(state)) return fail("expired", null);

  // Structured (pino): whatever the query string holds stays a JSON string value, so a newline
  // in it cannot start a forged log line.
  const providerError = params.get("error");
  if (providerError) {
    logger().warn(
      { event: "sign-in.provider-error", providerError: providerError.slice(0, MAX_LOGGED_PROVIDER_ERROR) },
      "Sign-in: the identity provider answered with an error",
    );
    return fail(providerError === "access_denied" ? "cancelled" : "provider-error", transaction.returnTo);
  }

  let identity;
  try {
    identity = await completeSignIn(env, transaction, params);
  } catch (error) {
    logger().error(
      { event: "sign-in.callback-failed", ...errorFields(error) },
      "Sign-in: the callback could not be completed",
    );
    return fail("failed", transaction.returnTo);
  }

  const decision = checkAllowList(
    { email: identity.email, email_verified: identity.emailVerified, hd: identity.hostedDomain },
    env.allowList,
  );
  if (!decision.allowed) {
    logger().warn(
      { event: "sign-in.refused", email: identity.email, subject: identity.sub, reason: decision.reason },
      "Sign-in: account refused",
    );
    const response = redirectResponse(ACCESS_DENIED_PATH);
    clearAuthCookie(response, env, signInCookieName(state), CALLBACK_PATH);
    // Both names: the cookie of this scheme, and a leftover of the other one.
    clearAuthCookie(response, env, SESSION_COOKIE, "/");
    if (sessionCookieName(env) === SECURE_SESSION_COOKIE)
      clearAuthCookie(response, env, SECURE_SESSION_COOKIE, "/");
    const denied = await seal(
      "access-denied",
      { email: identity.email, reason: decision.reason },
      env.secret,
      {
        maxAgeSeconds: ACCESS_DENIED_MAX_AGE_SECONDS,
      },
    );
    setAuthCookie(response, env, ACCESS_DENIED_COOKIE, denied, {
      path: ACCESS_DENIED_PATH,
      maxAgeSeconds: ACCESS_DENIED_MAX_AGE_SECONDS,
    });
    return response;
  }

  // The cookie lives as long as the idle timeout; proxy.ts re-seals it while the agent works,
  // up to the absolute lifetime counted from now (auth_time).
  const sessionSeconds = Math.min(env.sessionIdleSeconds, env.sessionMaxAgeSeconds);
  const session = await sealSession(
    {
      sub: identity.sub,
      iss: identity.iss,
      name: identity.name,
      email: normalisedEmail(identity.email) ?? identity.email,
    },
    env.secret,
    { maxAgeSeconds: sessionSeconds },
  );
  const response = redirectResponse(returnToOrDefault(transaction.returnTo));
  setAuthCookie(response, env, sessionCookieName(env), session, { path: "/", maxAgeSeconds: sessionSeconds });
  clearAuthCookie(response, env, signInCookieName(state), CALLBACK_PATH);
  clearAuthCookie(response, env, ACCESS_DENIED_COOKIE, ACCESS_DENIED_PATH);
  logger().info({ event: "sign-in.completed", subject: identity.sub }, "Sign-in completed");
  return response;
}
