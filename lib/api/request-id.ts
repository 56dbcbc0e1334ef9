/**
 * Request ids: one per request, in logs, in every error envelope, on error pages and sent to
 * Allo as `X-Request-Id`. Allo's own ids are `req_` + 12 alphanumerics; ours have the same form
 * so logs line up.
 */
const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
const REQUEST_ID_PATTERN = /^req_[a-z0-9]{12}$/;

/** The header `proxy.ts` puts the id in, so the route handler or page logs the same one. */
export const REQUEST_ID_HEADER = "x-callview-request-id";

export function newRequestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `req_${Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join("")}`;
}

/**
 * The id the proxy assigned to this request, or a new one. Only our own format is accepted, so
 * a browser that sends the header itself cannot write arbitrary text into the logs.
 */
export function requestIdFrom(headers: Headers): string {
  const assigned = headers.get(REQUEST_ID_HEADER);
  return assigned && REQUEST_ID_PATTERN.test(assigned) ? assigned : newRequestId();
}
