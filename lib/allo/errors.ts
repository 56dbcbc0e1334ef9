/**
 * One error shape on the wire (Allo's v2 envelope) and one typed error in code.
 *
 * Route handlers serialise `CallviewError`s with `toWireError`; the browser rebuilds them with
 * `errorFromWire`, so both sides agree on codes, statuses and retryability.
 */
/** Codes Callview itself emits, each with its HTTP status. Upstream codes pass through as `upstream_code`. */
export const ERROR_STATUS = {
  INVALID_ITEM_ID: 400,
  UNSUPPORTED_EXTEND_VALUE: 400,
  INVALID_REQUEST: 400,
  CONVERSATION_ITEM_NOT_FOUND: 404,
  RECORDING_NOT_AVAILABLE: 404,
  ROUTE_NOT_FOUND: 404,
  RANGE_NOT_SATISFIABLE: 416,
  RATE_LIMIT_EXCEEDED: 429,
  /** Allo refused the dashboard's own key (upstream 401/403): an operator problem, not the viewer's. */
  UPSTREAM_AUTH_REJECTED: 502,
  UPSTREAM_UNAVAILABLE: 502,
  UPSTREAM_INVALID_RESPONSE: 502,
  RECORDING_HOST_NOT_ALLOWED: 502,
  UPSTREAM_TIMEOUT: 504,
  UPSTREAM_REQUEST_REJECTED: 502,
  INTERNAL_ERROR: 500,
  /** No valid session (sign-in is required); the proxy sends page requests to sign in instead. */
  SIGN_IN_REQUIRED: 401,
  /** A real key is configured but sign-in is not, so the dashboard serves nothing (fail closed). */
  AUTH_NOT_CONFIGURED: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

const ERROR_TYPE_BY_STATUS: Record<number, string> = {
  400: "validation_error",
  401: "authentication_error",
  404: "not_found_error",
  416: "validation_error",
  429: "rate_limit_error",
};

export type CallviewErrorInit = {
  code: ErrorCode;
  message: string;
  retryable?: boolean;
  requestId?: string | null;
  retryAfterSeconds?: number | null;
  param?: string | null;
  upstreamCode?: string | null;
  upstreamStatus?: number | null;
};

export class CallviewError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly retryable: boolean;
  readonly requestId: string | null;
  readonly retryAfterSeconds: number | null;
  readonly param: string | null;
  readonly upstreamCode: string | null;
  readonly upstreamStatus: number | null;

  constructor(init: CallviewErrorInit) {
    super(init.message);
    this.name = "CallviewError";
    this.code = init.code;
    this.status = ERROR_STATUS[init.code];
    this.retryable = init.retryable ?? false;
    this.requestId = init.requestId ?? null;
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
    this.param = init.param ?? null;
    this.upstreamCode = init.upstreamCode ?? null;
    this.upstreamStatus = init.upstreamStatus ?? null;
  }
}

export type WireError = {
  error: {
    type: string;
    code: string;
    message: string;
    retryable: boolean;
    request_id?: string | null;
    param?: string | null;
    retry_after_seconds?: number | null;
    upstream_code?: string | null;
    upstream_status?: number | null;
  };
};

/** Checked by hand rather than with zod: this module runs in the browser, where zod would cost ~30 KB. */
export function isWireError(body: unknown): body is WireError {
  if (typeof body !== "object" || body === null) return false;
  const error = (body as { error?: unknown }).error;
  if (typeof error !== "object" || error === null) return false;
  const e = error as Record<string, unknown>;
  const optional = (key: string, type: "string" | "number") =>
    e[key] === undefined || e[key] === null || typeof e[key] === type;
  return (
    typeof e.type === "string" &&
    typeof e.code === "string" &&
    typeof e.message === "string" &&
    typeof e.retryable === "boolean" &&
    optional("request_id", "string") &&
    optional("param", "string") &&
    optional("retry_after_seconds", "number") &&
    optional("upstream_code", "string") &&
    optional("upstream_status", "number")
  );
}

export function toWireError(error: CallviewError): WireError {
  return {
    error: {
      type: ERROR_TYPE_BY_STATUS[error.status] ?? (error.status >= 500 ? "server_error" : "api_error"),
      code: error.code,
      message: error.message,
      retryable: error.retryable,
      request_id: error.requestId,
      ...(error.param ? { param: error.param } : {}),
      ...(error.retryAfterSeconds !== null ? { retry_after_seconds: error.retryAfterSeconds } : {}),
      ...(error.upstreamCode ? { upstream_code: error.upstreamCode } : {}),
      ...(error.upstreamStatus !== null ? { upstream_status: error.upstreamStatus } : {}),
    },
  };
}

function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(ERROR_STATUS, value);
}

/** Rebuilds a typed error from a response body; anything unrecognisable becomes a clear generic error. */
export function errorFromWire(
  body: unknown,
  status: number,
  fallbackRequestId?: string | null,
): CallviewError {
  if (isWireError(body) && isErrorCode(body.error.code)) {
    const e = body.error;
    return new CallviewError({
      code: e.code as ErrorCode,
      message: e.message,
      retryable: e.retryable,
      requestId: e.request_id ?? fallbackRequestId ?? null,
      retryAfterSeconds: e.retry_after_seconds ?? null,
      param: e.param ?? null,
      upstreamCode: e.upstream_code ?? null,
      upstreamStatus: e.upstream_status ?? null,
    });
  }
  const code: ErrorCode =
    status === 404
      ? "CONVERSATION_ITEM_NOT_FOUND"
      : status === 429
        ? "RATE_LIMIT_EXCEEDED"
        : status === 504
          ? "UPSTREAM_TIMEOUT"
          : status >= 500
            ? "UPSTREAM_UNAVAILABLE"
            : "INTERNAL_ERROR";
  return new CallviewError({
    code,
    message: `The dashboard answered ${status} without a readable error.`,
    retryable: status === 429 || status >= 500,
    requestId: fallbackRequestId ?? null,
  });
}

/** What the page should show for an error: one panel per class, not per code. */
export type ErrorState =
  | "invalid-id"
  | "not-found"
  | "misconfigured"
  | "rate-limited"
  | "upstream-slow"
  | "upstream-down"
  | "upstream-invalid"
  | "signed-out"
  | "unexpected";

export function errorStateFor(code: ErrorCode): ErrorState {
  switch (code) {
    case "INVALID_ITEM_ID":
    case "UNSUPPORTED_EXTEND_VALUE":
    case "INVALID_REQUEST":
      return "invalid-id";
    case "CONVERSATION_ITEM_NOT_FOUND":
    case "RECORDING_NOT_AVAILABLE":
    case "ROUTE_NOT_FOUND":
      return "not-found";
    case "UPSTREAM_AUTH_REJECTED":
    case "UPSTREAM_REQUEST_REJECTED":
    case "RECORDING_HOST_NOT_ALLOWED":
    case "AUTH_NOT_CONFIGURED":
      return "misconfigured";
    case "SIGN_IN_REQUIRED":
      return "signed-out";
    case "RATE_LIMIT_EXCEEDED":
      return "rate-limited";
    case "UPSTREAM_TIMEOUT":
      return "upstream-slow";
    case "UPSTREAM_UNAVAILABLE":
      return "upstream-down";
    case "UPSTREAM_INVALID_RESPONSE":
      return "upstream-invalid";
    default:
      return "unexpected";
  }
}
