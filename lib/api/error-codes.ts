/**
 * Callview's own error codes, each with its HTTP status: the one code-to-status map of the
 * dashboard's HTTP contract. Upstream (Allo) codes never appear here; they travel as
 * `upstream_code` next to one of these.
 */
export const ERROR_STATUS = {
  INVALID_ITEM_ID: 400,
  UNSUPPORTED_EXTEND_VALUE: 400,
  INVALID_REQUEST: 400,
  /** `?page=` of a history request is not a whole number from 1 to 1000. */
  INVALID_PAGE: 400,
  /** A tag in a body or path that is empty, too long or has control characters. */
  INVALID_TAG: 400,
  /** A tag change without a usable `Idempotency-Key` (the browser sends one per intent). */
  INVALID_IDEMPOTENCY_KEY: 400,
  /** Tags apply to calls only; a message (`msg-`) cannot be tagged. */
  TAGS_NOT_SUPPORTED: 400,
  /** The dashboard's Allo key lacks TAGS_WRITE, so tags are read-only here. */
  TAG_EDITING_NOT_ALLOWED: 403,
  /** A webhook whose signature is missing, wrong or too old: nothing is stored. */
  WEBHOOK_SIGNATURE_INVALID: 401,
  /** A state-changing request that another site started (CSRF): refused before anything happens. */
  CROSS_SITE_REQUEST: 403,
  /** The body is larger than the route accepts. */
  PAYLOAD_TOO_LARGE: 413,
  CONVERSATION_ITEM_NOT_FOUND: 404,
  RECORDING_NOT_AVAILABLE: 404,
  ROUTE_NOT_FOUND: 404,
  RANGE_NOT_SATISFIABLE: 416,
  RATE_LIMIT_EXCEEDED: 429,
  /** Allo refused the dashboard's own key (upstream 401/403): an operator problem, not the viewer's. */
  UPSTREAM_AUTH_REJECTED: 502,
  UPSTREAM_UNAVAILABLE: 502,
  UPSTREAM_INVALID_RESPONSE: 502,
  /** Allo's body was larger than ALLO_MAX_RESPONSE_MB: abandoned mid-stream rather than buffered. */
  UPSTREAM_RESPONSE_TOO_LARGE: 502,
  RECORDING_HOST_NOT_ALLOWED: 502,
  UPSTREAM_TIMEOUT: 504,
  UPSTREAM_REQUEST_REJECTED: 502,
  INTERNAL_ERROR: 500,
  /** No valid session (sign-in is required); the proxy sends page requests to sign in instead. */
  SIGN_IN_REQUIRED: 401,
  /** A real key is configured but sign-in is not, so the dashboard serves nothing (fail closed). */
  AUTH_NOT_CONFIGURED: 503,
  /** The Allo webhook receiver is off: no ALLO_WEBHOOK_SECRET (Allo keeps retrying meanwhile). */
  WEBHOOKS_NOT_CONFIGURED: 503,
  /** The notification store could not record the event; Allo will retry. */
  STORE_UNAVAILABLE: 503,
  /** This viewer already has as many recordings streaming as one person may (retry later). */
  TOO_MANY_RECORDING_STREAMS: 429,
  /** This instance is at its capacity for the resource asked for (retry later, maybe elsewhere). */
  SERVER_BUSY: 503,
  /** AUTH_MODE=none with AUTH_PROXY_SECRET: the request did not come through the SSO proxy. */
  PROXY_SECRET_REQUIRED: 403,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(ERROR_STATUS, value);
}

/** The envelope's `type`, in Allo's vocabulary so one client can read both. */
export function errorTypeFor(status: number): string {
  switch (status) {
    case 400:
    case 416:
      return "validation_error";
    case 401:
      return "authentication_error";
    case 403:
      return "permission_error";
    case 404:
      return "not_found_error";
    case 413:
      return "validation_error";
    case 409:
      return "conflict_error";
    case 429:
      return "rate_limit_error";
    default:
      return status >= 500 ? "server_error" : "api_error";
  }
}
