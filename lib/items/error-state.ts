/** What the page shows for an error: one panel per class of failure, not one per code. */
import type { ErrorCode } from "@/lib/api/errors";

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
    // Reaching the dashboard around its SSO proxy is a deployment problem, not the agent's.
    case "PROXY_SECRET_REQUIRED":
      return "misconfigured";
    case "SIGN_IN_REQUIRED":
      return "signed-out";
    case "RATE_LIMIT_EXCEEDED":
    case "TOO_MANY_RECORDING_STREAMS":
      return "rate-limited";
    case "UPSTREAM_TIMEOUT":
      return "upstream-slow";
    case "UPSTREAM_UNAVAILABLE":
    case "SERVER_BUSY":
      return "upstream-down";
    case "UPSTREAM_INVALID_RESPONSE":
    case "UPSTREAM_RESPONSE_TOO_LARGE":
      return "upstream-invalid";
    default:
      return "unexpected";
  }
}
