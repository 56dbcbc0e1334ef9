/**
 * Runs before every request (Next.js 16 "proxy", Node.js runtime):
 *  1. Access: pages need a session (else → sign-in, coming back to the same URL), `/api/*`
 *     answers 401 JSON; with a real Allo key and no sign-in configured, nothing but the setup
 *     page is served (fail closed); with AUTH_MODE=none and AUTH_PROXY_SECRET, only requests
 *     carrying the SSO proxy's secret are served (403 otherwise). Exempt: `/api/health`,
 *     `/auth/*` (from the session check, not from the proxy's secret), static assets.
 *  2. An active session is re-sealed every few minutes, which pushes its idle timeout back.
 *  3. Security headers on every response, with a fresh CSP nonce that Next.js reads from the
 *     request's Content-Security-Policy header and puts on its own scripts.
 * Route handlers (`requireSession`) and pages (`requirePageViewer`) check access again: a
 * matcher mistake must not open anything.
 */
import { NextResponse, type NextRequest } from "next/server";
import { isValidItemId } from "@/lib/allo/item-id";
import { errorResponse } from "@/lib/api/error-response.server";
import { pageStatusFor } from "@/lib/api/page-status";
import { newRequestId, REQUEST_ID_HEADER } from "@/lib/api/request-id";
import {
  authNotConfiguredError,
  malformedUrlError,
  proxySecretRequiredError,
  signInRequiredError,
} from "@/lib/api/standard-errors";
import { signInPath } from "@/lib/auth/return-to";
import { safeDecode } from "@/lib/http/safe-decode";
import { resolveAuthEnv, type OidcAuthEnv, type ResolvedAuthEnv } from "@/lib/server/auth/auth-env.server";
import { setAuthCookie } from "@/lib/server/auth/auth-http.server";
import {
  accessPolicy,
  proxySecretMatches,
  readSession,
  SETUP_REQUIRED_PATH,
  sessionCookieFrom,
  sessionCookieName,
  usesHttps,
  type ActiveSession,
} from "@/lib/server/auth/session-check.server";
import { sealSession } from "@/lib/server/auth/session-token";
import { serverEnv } from "@/lib/server/env.server";
import { PREFETCH_HEADER, prefetchItemForPage } from "@/lib/server/page-prefetch.server";
import { buildContentSecurityPolicy, newNonce, securityHeaders } from "@/lib/server/security-headers.server";
import { userKeyOf } from "@/lib/server/user-key.server";

type RequestKind = "public" | "auth" | "setup" | "api" | "page";

const PUBLIC_PATHS = new Set(["/api/health", "/api/health/ready", "/api/webhooks/allo"]);

/** Files from public/ and metadata icons live at the top level; none of them holds team data. */
const TOP_LEVEL_ASSET = /^\/[^/]+\.(?:ico|png|svg|jpe?g|gif|webp|avif|txt|xml|webmanifest)$/i;

function classify(pathname: string): RequestKind {
  // Health probes come from load balancers without a session; they reveal no data or secrets.
  // Allo's webhooks carry no session either: their signature, checked by the route, is the
  // authentication (and the route reads nothing back to the caller).
  if (PUBLIC_PATHS.has(pathname) || TOP_LEVEL_ASSET.test(pathname)) return "public";
  if (pathname === "/auth" || pathname.startsWith("/auth/")) return "auth";
  if (pathname === SETUP_REQUIRED_PATH) return "setup";
  if (pathname === "/api" || pathname.startsWith("/api/")) return "api";
  return "page";
}

/** The id of an `/items/{id}` page request (decoded), or null for any other path. */
function itemPageId(pathname: string): string | null {
  const match = /^\/items\/([^/]*)\/?$/.exec(pathname);
  if (!match) return null;
  return safeDecode(match[1] ?? "") ?? "";
}

/** What every decision needs: the request, its id, its nonce and the CSP built from that nonce. */
type ProxyContext = { request: NextRequest; requestId: string; nonce: string; csp: string };

type Forwarding = {
  /** Added to the request the page or route handler sees. */
  requestHeaders?: Record<string, string>;
  /** The response's status (the page still renders its body) and extra response headers. */
  status?: number;
  responseHeaders?: Record<string, string>;
};

/** Lets the request through with the nonce and CSP on its headers (how Next.js learns the nonce). */
function forward(
  { request, requestId, nonce, csp }: ProxyContext,
  rewriteTo?: string,
  forwarding: Forwarding = {},
): NextResponse {
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  // Route handlers and pages log (and show) the same request id as the proxy.
  headers.set(REQUEST_ID_HEADER, requestId);
  // Only the proxy may hand an item lookup to the page: never a header a browser sent.
  headers.delete(PREFETCH_HEADER);
  for (const [name, value] of Object.entries(forwarding.requestHeaders ?? {})) headers.set(name, value);
  if (rewriteTo) return NextResponse.rewrite(new URL(rewriteTo, request.url), { request: { headers } });
  const response = NextResponse.next({ request: { headers }, status: forwarding.status });
  for (const [name, value] of Object.entries(forwarding.responseHeaders ?? {}))
    response.headers.set(name, value);
  return response;
}

/**
 * An allowed page request. For `/items/{id}`: an id that can never be valid answers 400 (the
 * page explains it); a valid one is looked up now, and if Allo answers within the first-paint
 * budget the page renders the call at once and its status says what the page shows (404 for
 * an unknown call, 502/503/504 when Allo fails). Past the budget the page streams its skeleton
 * and answers 200. Link prefetches and client navigations are never given an error status.
 */
async function forwardPage(context: ProxyContext, user: string | null): Promise<NextResponse> {
  const { request, requestId } = context;
  const id = itemPageId(request.nextUrl.pathname);
  if (id === null || request.method !== "GET") return forward(context);
  if (!isValidItemId(id)) return forward(context, undefined, { status: 400 });
  if (request.headers.get("next-router-prefetch") || request.headers.get("purpose") === "prefetch") {
    return forward(context);
  }
  const prefetch = await prefetchItemForPage(id, { requestId, user });
  const page =
    request.headers.get("rsc") === null && prefetch.settled ? pageStatusFor(prefetch.settled.error) : null;
  return forward(context, undefined, {
    requestHeaders: { [PREFETCH_HEADER]: prefetch.token },
    status: page?.status,
    responseHeaders: page?.retryAfterSeconds ? { "retry-after": String(page.retryAfterSeconds) } : {},
  });
}

/** The URL to come back to after sign-in: path and query as requested, minus Next's internal `_rsc`. */
function returnPath(request: NextRequest): string {
  const url = request.nextUrl.clone();
  url.searchParams.delete("_rsc");
  return `${url.pathname}${url.search}`;
}

/** A page request that did not come through the SSO proxy: say so, and nothing else. */
function proxyRequired(kind: RequestKind, requestId: string): Response {
  if (kind === "api") return errorResponse(proxySecretRequiredError(requestId));
  return new Response(
    `Forbidden: this dashboard only answers requests that come through its sign-in proxy.\nRequest id: ${requestId}\n`,
    {
      status: 403,
      headers: {
        "content-type": "text/plain; charset=utf-8",
        "cache-control": "no-store",
        "x-request-id": requestId,
      },
    },
  );
}

/**
 * Re-seals a session that is a few minutes old, so it stays alive while used and dies after
 * an hour without use. The sign-in time is kept: the 12-hour lifetime is never extended.
 */
async function refreshSession(
  response: NextResponse,
  env: OidcAuthEnv,
  session: ActiveSession,
): Promise<void> {
  const sealed = await sealSession(session.user, env.secret, {
    maxAgeSeconds: session.remainingSeconds,
    authTime: session.authTime,
  });
  setAuthCookie(response, env, sessionCookieName(env), sealed, {
    path: "/",
    maxAgeSeconds: session.remainingSeconds,
  });
}

async function decide(context: ProxyContext, env: ResolvedAuthEnv): Promise<Response> {
  const { request, requestId } = context;
  const kind = classify(request.nextUrl.pathname);
  if (kind === "public") return forward(context);

  const allowed = (user: string | null = null) =>
    kind === "page" ? forwardPage(context, user) : forward(context);
  switch (accessPolicy(env)) {
    case "open":
      return allowed();
    case "proxy":
      if (env.mode === "none" && env.reason === "explicit" && env.proxy) {
        return proxySecretMatches(request.headers, env.proxy) ? allowed() : proxyRequired(kind, requestId);
      }
      return errorResponse(authNotConfiguredError(requestId));
    case "closed":
      if (kind === "api") return errorResponse(authNotConfiguredError(requestId));
      // Every page, sign-in included (it cannot work), shows the operator page at its own URL.
      return forward(context, kind === "setup" ? undefined : SETUP_REQUIRED_PATH);
    case "session":
      break;
  }

  if (kind === "auth" || env.mode !== "oidc") return allowed();
  const session = await readSession(sessionCookieFrom(request.headers, env), env);
  if (session) {
    const response = await allowed(userKeyOf(session.user));
    if (session.refreshDue) await refreshSession(response, env, session);
    return response;
  }
  if (kind === "api") return errorResponse(signInRequiredError(requestId));

  // request.url is built from Next's own listen address (Next relativizes it); never from X-Forwarded-Host.
  const target = new URL(signInPath(returnPath(request)), env.publicOrigin ?? request.url);
  const redirect = NextResponse.redirect(target, 307);
  redirect.headers.set("cache-control", "private, no-store");
  return redirect;
}

/**
 * A path whose percent-encoding is not valid UTF-8 (`%C0%AE`, `%FF`) cannot be routed: Next.js
 * would fail decoding it with a 500. It is a bad request, whoever asks.
 */
function badRequest(pathname: string, requestId: string): Response {
  if (pathname === "/api" || pathname.startsWith("/api/")) return errorResponse(malformedUrlError(requestId));
  return new Response(
    `Bad request: this link is malformed. Check that it was copied completely.\nRequest id: ${requestId}\n`,
    {
      status: 400,
      headers: {
        "content-type": "text/plain; charset=utf-8",
        "cache-control": "no-store",
        "x-request-id": requestId,
      },
    },
  );
}

export async function proxy(request: NextRequest): Promise<Response> {
  const env = resolveAuthEnv();
  const nonce = newNonce();
  const csp = buildContentSecurityPolicy({
    nonce,
    development: process.env.NODE_ENV === "development",
    // Only the configured public URL says the dashboard is on https, never X-Forwarded-Proto.
    upgradeInsecureRequests: usesHttps(publicUrl()),
  });
  const requestId = newRequestId();
  const response =
    safeDecode(request.nextUrl.pathname) === null
      ? badRequest(request.nextUrl.pathname, requestId)
      : await decide({ request, requestId, nonce, csp }, env);
  for (const [name, value] of Object.entries(securityHeaders(csp))) response.headers.set(name, value);
  return response;
}

function publicUrl(): string | null {
  try {
    return serverEnv().publicUrl;
  } catch {
    // A broken configuration fails closed in decide(); the headers need no public URL for that.
    return null;
  }
}

export const config = {
  // Everything except Next's build assets: pages, /api, /auth and public files all get the
  // headers, and the access decision above (not the matcher) exempts what must stay public.
  matcher: ["/((?!_next/static|_next/image|favicon\\.ico).*)"],
};
