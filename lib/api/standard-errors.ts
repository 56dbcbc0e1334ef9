/**
 * Callview's own errors that several places raise, each written once: the message an agent or
 * operator reads, its code and its retry advice.
 */
import { CallviewError } from "./errors";

/** No slot under the dashboard's own Allo rate limit before the deadline: retryable, like a 429. */
export function limiterBusyError(requestId: string, retryAfterSeconds = 1): CallviewError {
  return new CallviewError({
    code: "RATE_LIMIT_EXCEEDED",
    requestId,
    retryable: true,
    retryAfterSeconds,
    message: "The dashboard is at Allo's request limit right now. Retrying shortly.",
  });
}

export function signInRequiredError(requestId: string): CallviewError {
  return new CallviewError({
    code: "SIGN_IN_REQUIRED",
    requestId,
    message: "Sign in to Callview to use this API.",
  });
}

export const SETUP_REQUIRED_MESSAGE =
  "Sign-in is not configured: set OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, AUTH_SECRET, or set AUTH_MODE=none if an SSO proxy (oauth2-proxy, Cloudflare Access) protects this dashboard.";

/** The dashboard holds a real Allo key but nobody configured sign-in, so it serves no data. */
export function authNotConfiguredError(requestId: string): CallviewError {
  return new CallviewError({ code: "AUTH_NOT_CONFIGURED", requestId, message: SETUP_REQUIRED_MESSAGE });
}

/** AUTH_MODE=none with AUTH_PROXY_SECRET, and the request lacks the SSO proxy's secret. */
export function proxySecretRequiredError(requestId: string): CallviewError {
  return new CallviewError({
    code: "PROXY_SECRET_REQUIRED",
    requestId,
    message: "This dashboard only answers requests that come through its sign-in proxy.",
  });
}

export function malformedUrlError(requestId: string): CallviewError {
  return new CallviewError({
    code: "INVALID_REQUEST",
    requestId,
    message: "The URL is not valid: it contains a malformed percent-encoding.",
  });
}

export function routeNotFoundError(requestId: string): CallviewError {
  return new CallviewError({
    code: "ROUTE_NOT_FOUND",
    requestId,
    message:
      "No such API route. The item routes are /api/items/{id}, /api/items/{id}/recording, /api/items/{id}/history and /api/items/{id}/tags.",
  });
}

export function internalError(requestId: string): CallviewError {
  return new CallviewError({
    code: "INTERNAL_ERROR",
    requestId,
    message: "Something went wrong in the dashboard.",
  });
}

export function crossSiteRequestError(requestId: string): CallviewError {
  return new CallviewError({
    code: "CROSS_SITE_REQUEST",
    requestId,
    message:
      "This request did not come from a Callview page, so it was refused. Reload Callview and try again.",
  });
}
