/**
 * Refuses state-changing requests that another site started (cross-site request forgery), on
 * top of the SameSite=Lax session cookie. Every mutation route calls it first.
 *
 * Browsers tell us who started a request: `Sec-Fetch-Site` (all current browsers) and `Origin`
 * (sent on every POST, PUT, PATCH and DELETE). A request is same-site only when
 * `Sec-Fetch-Site` says `same-origin` (or `none`: typed by the user), or, without it, when
 * `Origin` names this very host. A request with neither did not come from a browser page and is
 * refused too: these routes serve the dashboard's own pages, not scripts.
 */
import "server-only";
import { errorResponse } from "@/lib/api/error-response.server";
import { crossSiteRequestError } from "@/lib/api/standard-errors";

export function isSameOriginRequest(request: Request): boolean {
  const fetchSite = request.headers.get("sec-fetch-site");
  if (fetchSite) return fetchSite === "same-origin" || fetchSite === "none";
  const origin = request.headers.get("origin");
  if (!origin || origin === "null") return false;
  const host = request.headers.get("host");
  try {
    return host !== null && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Null when the request may proceed; otherwise the 403 `CROSS_SITE_REQUEST` to send. */
export function refuseCrossSite(request: Request, requestId: string): Response | null {
  return isSameOriginRequest(request) ? null : errorResponse(crossSiteRequestError(requestId));
}
