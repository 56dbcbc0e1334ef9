/**
 * Server-only client for Allo's API: `getItem` (GET /v2/api/conversations/items/{id}) and
 * `call`, the one request path every other endpoint module (./search.server.ts,
 * ./tags.server.ts, ./me.server.ts) goes through.
 *
 * - per-attempt timeout with AbortSignal, and a total deadline across retries;
 * - retries only 429, 502, 503, 504 and network errors (a timed-out attempt is not retried:
 *   an upstream that is slow now is likely slow again, and the agent is waiting);
 * - honours Retry-After, otherwise exponential backoff with jitter;
 * - every attempt holds a limiter permit until its response headers are back, and reports
 *   what Allo said about the key's limit (429 + Retry-After, X-RateLimit-Remaining/Reset);
 *   reads (GET) and writes (POST, DELETE: 5 per second at Allo, searches included) take their
 *   permits from two separate limiters;
 * - reads the body incrementally and gives up above `maxResponseBytes`, so one huge item
 *   cannot take the process's memory;
 * - reads Allo's v2 error envelope and tolerates v1's flat one;
 * - validates success bodies with the tolerant schemas in ./schemas.
 */
import "server-only";
import { CallviewError, type ErrorCode } from "@/lib/api/errors";
import { newRequestId } from "@/lib/api/request-id";
import { limiterBusyError } from "@/lib/api/standard-errors";
import type { Permit, PermitOutcome, RateLimiter } from "@/lib/concurrency/rate-limiter";
import { itemResponseSchema, type AlloItem } from "./schemas";

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export type AlloClientOptions = {
  baseUrl: string;
  apiKey: string;
  fetch?: FetchLike;
  timeoutMs: number;
  deadlineMs: number;
  maxAttempts?: number;
  /** Base of the exponential backoff, in ms. */
  backoffBaseMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
  /** Every read attempt (retries included) waits for a permit, keeping the key under Allo's limit. */
  limiter?: RateLimiter;
  /** The same for writes (POST, PUT, PATCH, DELETE), which Allo counts in a budget of their own. */
  writeLimiter?: RateLimiter;
  /** Largest body read from Allo; a bigger one is abandoned mid-stream (default 8 MiB). */
  maxResponseBytes?: number;
};

export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

export type GetItemOptions = {
  extendTranscript?: boolean;
  requestId?: string;
  signal?: AbortSignal;
  /** Fair-share key for the limiter's queue (the signed-in user); absent: the shared queue. */
  user?: string | null;
  /**
   * Retry only while a retry can start within this many ms of the call (still within the
   * deadline). A page that must answer fast passes its first-paint budget: a failure then comes
   * back at once, and the browser, which shows a countdown, does the waiting.
   */
  retryWithinMs?: number;
};

export type AlloResult =
  | {
      ok: true;
      item: AlloItem;
      requestId: string;
      attempts: number;
      upstreamStatus: number;
      /** Size of Allo's JSON body in bytes: what the item cache budgets by. */
      bodyBytes?: number;
    }
  | { ok: false; error: CallviewError; attempts: number };

/** What Allo said when it refused a request, for callers that treat some refusals as success. */
export type UpstreamRefusal = {
  status: number;
  code: string | null;
  message: string | null;
  /** The fields Allo names as at fault (`param`, `errors[].field`), lower-cased. */
  params: string[];
};

/** A request to one of Allo's endpoints, as `call` sends it. */
export type AlloCallSpec<T> = {
  method: "GET" | "POST" | "DELETE";
  /** Path and query under the API's origin, e.g. `/v2/api/tags`. */
  path: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Which of Allo's per-key budgets the request counts against (decides the limiter). */
  budget: "read" | "write";
  /** Sent as `Idempotency-Key`; every retry of this call sends the same one, so Allo replays. */
  idempotencyKey?: string;
  /** What a 404 means: the item is unknown (`item`), or something else went wrong (`other`). */
  resource: "item" | "other";
  /** The scope the endpoint needs, named in the message when Allo refuses the key (null: none). */
  scope: string | null;
  /** `json`: the success body must be JSON and is handed to `parse`; `ignore`: it is not read as JSON. */
  successBody: "json" | "ignore";
  /** Validates a JSON success body (`null` when the body is ignored). */
  parse(json: unknown): { ok: true; value: T } | { ok: false; where: string };
  requestId?: string;
  signal?: AbortSignal;
  user?: string | null;
  /** Retry (and wait for a retry's permit) only within this many ms from the start; see GetItemOptions. */
  retryWithinMs?: number;
};

export type AlloCallResult<T> =
  | { ok: true; value: T; requestId: string; attempts: number; upstreamStatus: number; bodyBytes: number }
  | { ok: false; error: CallviewError; attempts: number; upstream: UpstreamRefusal | null };

/** A zod-style `safeParse` result as `call` wants it: the value, or where the shape broke. */
export function parsedOrWhere<T>(
  parsed: { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[] }[] } },
): { ok: true; value: T } | { ok: false; where: string } {
  if (parsed.success) return { ok: true, value: parsed.data };
  const where = parsed.error.issues
    .slice(0, 3)
    .map((issue) => issue.path.map(String).join(".") || "(root)")
    .join(", ");
  return { ok: false, where };
}

const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
const MAX_BACKOFF_MS = 2_000;

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(header: string | null, nowMs: number): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}

type UpstreamErrorBody = {
  code: string | null;
  message: string | null;
  requestId: string | null;
  retryAfterSeconds: number | null;
};

/** Reads `{error:{code,message,request_id,…}}` (v2) or `{code, details}` (v1); never throws. */
export function parseUpstreamError(text: string): UpstreamErrorBody {
  const empty: UpstreamErrorBody = { code: null, message: null, requestId: null, retryAfterSeconds: null };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return empty;
  }
  if (typeof body !== "object" || body === null) return empty;
  const record = body as Record<string, unknown>;
  const inner =
    typeof record.error === "object" && record.error !== null
      ? (record.error as Record<string, unknown>)
      : record;
  const str = (value: unknown) =>
    typeof value === "string" && value.length > 0 ? value.slice(0, 200) : null;
  let message = str(inner.message);
  if (!message && Array.isArray(inner.details)) {
    const first: unknown = inner.details[0];
    if (typeof first === "object" && first !== null)
      message = str((first as Record<string, unknown>).message);
  }
  return {
    code: str(inner.code),
    message,
    requestId: str(inner.request_id),
    retryAfterSeconds: typeof inner.retry_after_seconds === "number" ? inner.retry_after_seconds : null,
  };
}

/**
 * The fields a v2 error names as at fault: `param`, and `field` or `param` of each `errors[]`
 * entry (whose shape Allo does not document). Lower-cased; never throws.
 */
export function upstreamErrorParams(text: string): string[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [];
  }
  if (typeof body !== "object" || body === null) return [];
  const record = body as Record<string, unknown>;
  const inner =
    typeof record.error === "object" && record.error !== null
      ? (record.error as Record<string, unknown>)
      : record;
  const names: string[] = [];
  const add = (value: unknown) => {
    if (typeof value === "string" && value.length > 0 && value.length <= 100) names.push(value.toLowerCase());
  };
  add(inner.param);
  for (const list of [inner.errors, inner.details]) {
    if (!Array.isArray(list)) continue;
    for (const entry of list.slice(0, 20)) {
      if (typeof entry !== "object" || entry === null) continue;
      add((entry as Record<string, unknown>).field);
      add((entry as Record<string, unknown>).param);
    }
  }
  return [...new Set(names)];
}

type ErrorContext = { resource: "item" | "other"; scope: string | null };

const ITEM_CONTEXT: ErrorContext = { resource: "item", scope: "CONVERSATIONS_READ" };

function errorForStatus(
  status: number,
  upstream: UpstreamErrorBody,
  requestId: string,
  retryAfterMs: number | null,
  context: ErrorContext = ITEM_CONTEXT,
): CallviewError {
  const common = {
    requestId: upstream.requestId ?? requestId,
    upstreamCode: upstream.code,
    upstreamStatus: status,
  };
  if (status === 401 || status === 403) {
    return new CallviewError({
      ...common,
      code: "UPSTREAM_AUTH_REJECTED",
      message: `Allo rejected this dashboard's API key (${upstream.code ?? status}). An administrator needs to check ALLO_API_KEY${context.scope ? ` and its ${context.scope} scope` : ""}.`,
    });
  }
  if (status === 404 && context.resource === "item") {
    return new CallviewError({
      ...common,
      code: "CONVERSATION_ITEM_NOT_FOUND",
      param: "id",
      message: "No call or message with this id exists in the Allo workspace.",
    });
  }
  if (status === 429) {
    const seconds =
      retryAfterMs !== null ? Math.max(1, Math.ceil(retryAfterMs / 1000)) : (upstream.retryAfterSeconds ?? 1);
    return new CallviewError({
      ...common,
      code: "RATE_LIMIT_EXCEEDED",
      retryable: true,
      retryAfterSeconds: seconds,
      message: "Allo is rate limiting this dashboard. Retrying shortly.",
    });
  }
  if (status === 400 && upstream.code === "INVALID_ITEM_ID") {
    return new CallviewError({
      ...common,
      code: "INVALID_ITEM_ID",
      param: "id",
      message: "Allo says this item id is malformed.",
    });
  }
  if (status >= 400 && status < 500) {
    return new CallviewError({
      ...common,
      code: "UPSTREAM_REQUEST_REJECTED",
      message: `Allo refused the request (${upstream.code ?? status}).`,
    });
  }
  return new CallviewError({
    ...common,
    code: "UPSTREAM_UNAVAILABLE",
    retryable: true,
    message: `Allo is having trouble (HTTP ${status}). Try again in a moment.`,
  });
}

function proxyError(code: ErrorCode, message: string, requestId: string, retryable: boolean): CallviewError {
  return new CallviewError({ code, message, requestId, retryable });
}

/** A whole header as a finite number, or null. */
function numberHeader(headers: Headers, name: string): number | null {
  const raw = headers.get(name)?.trim();
  if (!raw || !/^\d+(\.\d+)?$/.test(raw)) return null;
  return Number(raw);
}

/**
 * What this response tells the limiter. X-RateLimit-Reset is documented as a unix timestamp in
 * seconds; a small value is read as seconds from now, as some gateways send it.
 */
export function permitOutcome(response: Response, retryAfterMs: number | null, nowMs: number): PermitOutcome {
  const remaining = numberHeader(response.headers, "x-ratelimit-remaining");
  const reset = numberHeader(response.headers, "x-ratelimit-reset");
  const resetInMs = reset === null ? null : reset >= 1_000_000_000 ? reset * 1000 - nowMs : reset * 1000;
  return { kind: "response", status: response.status, retryAfterMs, remaining, resetInMs };
}

type BodyRead = { text: string; bytes: number } | { tooLarge: true };

/** The body as text, read chunk by chunk; abandoned (connection closed) as soon as it passes `maxBytes`. */
export async function readBodyCapped(response: Response, maxBytes: number): Promise<BodyRead> {
  const declared = numberHeader(response.headers, "content-length");
  if (declared !== null && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    return { tooLarge: true };
  }
  if (!response.body) return { text: "", bytes: 0 };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return { tooLarge: true };
    }
    chunks.push(value);
  }
  return { text: new TextDecoder().decode(Buffer.concat(chunks)), bytes };
}

export function createAlloClient(options: AlloClientOptions) {
  const doFetch: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const maxAttempts = options.maxAttempts ?? 3;
  const backoffBaseMs = options.backoffBaseMs ?? 200;
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const baseUrl = options.baseUrl.replace(/\/+$/, "");

  /**
   * One request to Allo with the client's timeouts, retries, limiter permits and body cap.
   * Writes are retried like reads (429, 502–504, network errors): the endpoints Callview writes
   * to take an `Idempotency-Key`, and every attempt of one call sends the same key, so a retry of
   * a write that did reach Allo replays its stored answer instead of running twice.
   */
  async function call<T>(spec: AlloCallSpec<T>): Promise<AlloCallResult<T>> {
    const requestId = spec.requestId ?? newRequestId();
    const url = `${baseUrl}${spec.path}`;
    const limiter = spec.budget === "write" ? options.writeLimiter : options.limiter;
    const context: ErrorContext = { resource: spec.resource, scope: spec.scope };
    const deadline = now() + options.deadlineMs;
    const retryUntil = Math.min(
      deadline,
      spec.retryWithinMs === undefined ? deadline : now() + spec.retryWithinMs,
    );
    let lastError: CallviewError | null = null;
    let lastRefusal: UpstreamRefusal | null = null;
    let attempts = 0;
    const fail = (error: CallviewError, attempt: number): AlloCallResult<T> => ({
      ok: false,
      error,
      attempts: attempt,
      upstream: null,
    });

    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      attempts = attempt;
      let permit: Permit | null = null;
      if (limiter) {
        const slot = await limiter.acquire({
          // A retry waits for a permit only as long as retries are allowed; the first attempt
          // waits up to the deadline.
          maxWaitMs: Math.max(0, (attempt === 1 ? deadline : retryUntil) - now()),
          signal: spec.signal,
          user: spec.user,
        });
        if (!slot.ok && attempt > 1 && lastError && slot.reason !== "aborted") {
          // No permit in time for the retry: the previous attempt's failure is the answer.
          return { ok: false, error: lastError, attempts: attempt - 1, upstream: lastRefusal };
        }
        if (!slot.ok) {
          return fail(
            slot.reason === "aborted"
              ? proxyError("UPSTREAM_UNAVAILABLE", "The request was cancelled.", requestId, true)
              : limiterBusyError(requestId, Math.max(1, Math.ceil(slot.retryAfterMs / 1000))),
            attempt,
          );
        }
        permit = slot.permit;
      }
      const remaining = deadline - now();
      if (remaining <= 0) {
        permit?.release({ kind: "unused" });
        break;
      }
      const attemptTimeout = Math.min(options.timeoutMs, remaining);
      const timeoutSignal = AbortSignal.timeout(attemptTimeout);
      const signal = spec.signal ? AbortSignal.any([spec.signal, timeoutSignal]) : timeoutSignal;

      /** No (complete) answer: cancelled, timed out, or network trouble worth another try. */
      const failed = async (): Promise<AlloCallResult<T> | "retry"> => {
        if (spec.signal?.aborted) {
          return fail(
            proxyError("UPSTREAM_UNAVAILABLE", "The request was cancelled.", requestId, true),
            attempt,
          );
        }
        if (timeoutSignal.aborted) {
          return fail(
            proxyError(
              "UPSTREAM_TIMEOUT",
              `Allo did not answer within ${Math.round(attemptTimeout / 100) / 10} s.`,
              requestId,
              true,
            ),
            attempt,
          );
        }
        // Connection refused/reset, DNS, TLS: transient network trouble worth another try.
        lastError = proxyError("UPSTREAM_UNAVAILABLE", "Allo could not be reached.", requestId, true);
        const wait = backoff(attempt);
        if (attempt < maxAttempts && now() + wait < retryUntil) {
          await sleep(wait);
          return "retry";
        }
        return fail(lastError, attempt);
      };

      const headers: Record<string, string> = {
        Authorization: `Api-Key ${options.apiKey}`,
        Accept: "application/json",
        "X-Request-Id": requestId,
        "User-Agent": "callview/0.1",
      };
      if (spec.body !== undefined) headers["Content-Type"] = "application/json";
      if (spec.idempotencyKey) headers["Idempotency-Key"] = spec.idempotencyKey;

      let response: Response;
      try {
        response = await doFetch(url, {
          method: spec.method,
          headers,
          ...(spec.body !== undefined ? { body: JSON.stringify(spec.body) } : {}),
          signal,
          cache: "no-store",
          redirect: "error",
        });
      } catch {
        permit?.release({ kind: "failed" });
        const outcome = await failed();
        if (outcome === "retry") continue;
        return outcome;
      }
      // Headers are back, so Allo has counted this request: the permit starts its last window now.
      const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), now());
      permit?.release(permitOutcome(response, retryAfterMs, now()));

      let body: BodyRead;
      try {
        body = await readBodyCapped(response, maxResponseBytes);
      } catch {
        const outcome = await failed();
        if (outcome === "retry") continue;
        return outcome;
      }
      if ("tooLarge" in body) {
        return fail(
          new CallviewError({
            code: "UPSTREAM_RESPONSE_TOO_LARGE",
            requestId: response.headers.get("x-request-id") ?? requestId,
            upstreamStatus: response.status,
            message: `Allo's answer is larger than this dashboard accepts (${Math.round(maxResponseBytes / 1024 / 1024)} MB, ALLO_MAX_RESPONSE_MB).`,
          }),
          attempt,
        );
      }
      const text = body.text;

      const upstreamRequestId = response.headers.get("x-request-id") ?? requestId;

      if (response.ok) {
        let json: unknown = null;
        if (spec.successBody === "json") {
          try {
            json = JSON.parse(text);
          } catch {
            return fail(
              proxyError(
                "UPSTREAM_INVALID_RESPONSE",
                "Allo answered with something that is not JSON.",
                upstreamRequestId,
                false,
              ),
              attempt,
            );
          }
        }
        const parsed = spec.parse(json);
        if (!parsed.ok) {
          return fail(
            proxyError(
              "UPSTREAM_INVALID_RESPONSE",
              `Allo's answer did not have the expected shape (at ${parsed.where}).`,
              upstreamRequestId,
              false,
            ),
            attempt,
          );
        }
        return {
          ok: true,
          value: parsed.value,
          requestId: upstreamRequestId,
          attempts: attempt,
          upstreamStatus: response.status,
          bodyBytes: body.bytes,
        };
      }

      const upstream = parseUpstreamError(text);
      lastRefusal = {
        status: response.status,
        code: upstream.code,
        message: upstream.message,
        params: upstreamErrorParams(text),
      };
      lastError = errorForStatus(response.status, upstream, upstreamRequestId, retryAfterMs, context);
      if (!RETRYABLE_STATUSES.has(response.status) || attempt >= maxAttempts) break;
      const wait = retryAfterMs ?? backoff(attempt);
      if (now() + wait >= retryUntil) break;
      await sleep(wait);
    }

    return {
      ok: false,
      attempts,
      error: lastError ?? proxyError("UPSTREAM_TIMEOUT", "Allo did not answer in time.", requestId, true),
      upstream: lastRefusal,
    };
  }

  async function getItem(id: string, opts: GetItemOptions = {}): Promise<AlloResult> {
    const result = await call({
      method: "GET",
      path: `/v2/api/conversations/items/${encodeURIComponent(id)}${opts.extendTranscript ? "?extend=transcript" : ""}`,
      budget: "read",
      resource: "item",
      scope: "CONVERSATIONS_READ",
      successBody: "json",
      parse: (json) => parsedOrWhere(itemResponseSchema.safeParse(json)),
      requestId: opts.requestId,
      signal: opts.signal,
      user: opts.user,
      retryWithinMs: opts.retryWithinMs,
    });
    if (!result.ok) return { ok: false, error: result.error, attempts: result.attempts };
    return {
      ok: true,
      item: result.value.data,
      requestId: result.requestId,
      attempts: result.attempts,
      upstreamStatus: result.upstreamStatus,
      bodyBytes: result.bodyBytes,
    };
  }

  function backoff(attempt: number): number {
    const cap = Math.min(MAX_BACKOFF_MS, backoffBaseMs * 2 ** (attempt - 1));
    // Jitter in [cap/2, cap] keeps retries from several instances from lining up.
    return Math.round(cap / 2 + (random() * cap) / 2);
  }

  return { getItem, call };
}

export type AlloClient = ReturnType<typeof createAlloClient>;
