/**
 * One error shape on the wire (Allo's v2 envelope) and one typed error in code.
 *
 * Servers serialise `CallviewError`s with `toWireError` (through `errorResponse` in
 * ./error-response.server); the browser rebuilds them with `errorFromWire`, so both sides agree
 * on codes, statuses and retryability. Zod-free: this module runs in the browser.
 */
import { ERROR_STATUS, errorTypeFor, isErrorCode, type ErrorCode } from "./error-codes";

export type { ErrorCode } from "./error-codes";

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

  /** The same error, told which request it answers (a cached error carries the loader's id). */
  withRequestId(requestId: string): CallviewError {
    if (requestId === this.requestId) return this;
    return new CallviewError({ ...this.init(), requestId });
  }

  private init(): CallviewErrorInit {
    return {
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      requestId: this.requestId,
      retryAfterSeconds: this.retryAfterSeconds,
      param: this.param,
      upstreamCode: this.upstreamCode,
      upstreamStatus: this.upstreamStatus,
    };
  }
}

export type WireError = {
  error: {
    type: string;
    code: string;
    message: string;
    retryable: boolean;
    request_id: string | null;
    param?: string | null;
    retry_after_seconds?: number | null;
    upstream_code?: string | null;
    upstream_status?: number | null;
  };
};

/** Checked by hand rather than with zod: this module runs in the browser, where zod would cost ~30 KB. */
function isWireError(body: unknown): body is WireError {
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
      type: errorTypeFor(error.status),
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
