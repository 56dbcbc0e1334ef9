/**
 * Streams an item's recording to the browser with Range support. The URL comes only from the
 * upstream item; it must be on the allow-list, where plain http needs the host named with its
 * scheme. Redirects are followed by hand, a few hops at most and only to allow-listed hosts,
 * and the API key is sent only to the API's own origin (never to a host a redirect names).
 *
 * Resources are bounded: streams per user and per instance (429 / 503 with Retry-After), the
 * wait for headers (ALLO_REQUEST_TIMEOUT_MS) and the wait between two chunks of the body
 * (ALLO_RECORDING_IDLE_TIMEOUT_MS). Audio is sent `no-store`, so call audio never stays in the
 * browser's disk cache after sign-out.
 */
import "server-only";
import { parseRetryAfter, permitOutcome, type FetchLike } from "@/lib/allo/client.server";
import { errorResponse, PRIVATE_NO_STORE } from "@/lib/api/error-response.server";
import { CallviewError } from "@/lib/api/errors";
import { limiterBusyError } from "@/lib/api/standard-errors";
import { createConcurrencyCap, type ConcurrencyCap } from "@/lib/concurrency/concurrency-cap";
import type { Permit, RateLimiter } from "@/lib/concurrency/rate-limiter";
import { withIdleTimeout } from "@/lib/http/idle-timeout-stream";
import { isForwardableRange } from "@/lib/http/range";
import { noRecordingReason } from "@/lib/transcript/recording-notice";
import { alloRuntime, allowedRecordingHosts } from "./allo.server";
import { serverEnv } from "./env.server";
import { lookupUpstreamItem, type ItemLookup, type ItemLookupResult } from "./items.server";

const PASSED_HEADERS = ["content-length", "content-range", "last-modified", "etag"] as const;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Storage that signs URLs redirects once; a chain longer than this is a loop or a misconfiguration. */
export const MAX_RECORDING_REDIRECTS = 3;
/** When a stream cap refuses: streams end when listeners stop, so a short, fixed hint. */
const STREAM_RETRY_AFTER_SECONDS = 5;

/**
 * The URL if it may be fetched: http(s), no credentials, and its host on the allow-list. An
 * entry `host[:port]` allows https only (a bare hostname matches any port); `http://host[:port]`
 * or `https://host[:port]` allows exactly that scheme, host and port.
 */
export function isAllowedRecordingUrl(raw: string, allowedHosts: string[]): URL | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  if (url.username || url.password) return null;
  const host = url.host.toLowerCase();
  const hostname = url.hostname.toLowerCase();
  const allowed = allowedHosts.some((entry) => {
    const scheme = /^(https?):\/\//.exec(entry);
    if (scheme) return url.protocol === `${scheme[1]}:` && entry.slice(scheme[0].length) === host;
    return url.protocol === "https:" && (entry === host || entry === hostname);
  });
  return allowed ? url : null;
}

export type RecordingDeps = {
  lookup(id: string, options: ItemLookup): Promise<ItemLookupResult>;
  fetch: FetchLike;
  apiOrigin: string;
  apiKey: string;
  allowedHosts: string[];
  /** Keyed requests to the API's origin count against the key's reads per second. */
  limiter: RateLimiter;
  streams: ConcurrencyCap;
  headersTimeoutMs: number;
  idleTimeoutMs: number;
  /** How long a keyed request may wait for a limiter permit. */
  limiterWaitMs: number;
};

const globalForStreams = globalThis as typeof globalThis & { __callviewRecordingStreams?: ConcurrencyCap };

function runtimeDeps(): RecordingDeps {
  const env = serverEnv();
  const runtime = alloRuntime();
  globalForStreams.__callviewRecordingStreams ??= createConcurrencyCap({
    total: env.maxRecordingStreams,
    perKey: env.maxRecordingStreamsPerUser,
  });
  return {
    lookup: lookupUpstreamItem,
    fetch: runtime.fetch,
    apiOrigin: runtime.apiOrigin,
    apiKey: runtime.apiKey,
    allowedHosts: allowedRecordingHosts(),
    limiter: runtime.limiter,
    streams: globalForStreams.__callviewRecordingStreams,
    headersTimeoutMs: env.requestTimeoutMs,
    idleTimeoutMs: env.recordingIdleTimeoutMs,
    limiterWaitMs: env.requestDeadlineMs,
  };
}

/** `user` is the viewer's fair-share key (null without sign-in: only the instance cap applies). */
export async function streamRecording(
  id: string,
  request: Request,
  requestId: string,
  user: string | null = null,
): Promise<Response> {
  return streamRecordingWith(runtimeDeps(), id, request, requestId, user);
}

function hostNotAllowed(requestId: string): Response {
  return errorResponse(
    new CallviewError({
      code: "RECORDING_HOST_NOT_ALLOWED",
      requestId,
      message:
        "The recording is stored on a host this dashboard is not configured to trust (ALLO_RECORDING_HOSTS).",
    }),
  );
}

export async function streamRecordingWith(
  deps: RecordingDeps,
  id: string,
  request: Request,
  requestId: string,
  user: string | null,
): Promise<Response> {
  const lookup = await deps.lookup(id, { extendTranscript: false, requestId, signal: request.signal, user });
  if (!lookup.ok) return errorResponse(lookup.error);
  const item = lookup.item;
  if (!item.recording_url) {
    return errorResponse(
      new CallviewError({
        code: "RECORDING_NOT_AVAILABLE",
        requestId,
        message: `${noRecordingReason(item)}.`,
      }),
    );
  }
  let url = isAllowedRecordingUrl(item.recording_url, deps.allowedHosts);
  if (!url) return hostNotAllowed(requestId);

  const slot = deps.streams.tryAcquire(user);
  if (!slot.ok) {
    return errorResponse(
      slot.scope === "user"
        ? new CallviewError({
            code: "TOO_MANY_RECORDING_STREAMS",
            requestId,
            retryable: true,
            retryAfterSeconds: STREAM_RETRY_AFTER_SECONDS,
            message:
              "You already have as many recordings playing or downloading as one person may. Close one and try again.",
          })
        : new CallviewError({
            code: "SERVER_BUSY",
            requestId,
            retryable: true,
            retryAfterSeconds: STREAM_RETRY_AFTER_SECONDS,
            message: "The dashboard is streaming as many recordings as it can right now. Try again shortly.",
          }),
    );
  }
  // From here on the slot is released exactly once: by an early answer, or when the stream ends.
  let handedOver = false;
  try {
    const range = request.headers.get("range");
    /** Aborts the upstream body when it stalls (the browser going away aborts it through request.signal). */
    const upstreamAbort = new AbortController();
    let upstream: Response | null = null;
    for (let hop = 0; ; hop++) {
      const headers: Record<string, string> = { accept: "audio/*" };
      if (range && isForwardableRange(range)) headers.range = range.trim();
      let permit: Permit | null = null;
      // The key authenticates to Allo's API; any other origin, including one a redirect names,
      // never sees it.
      if (url.origin === deps.apiOrigin) {
        headers.authorization = `Api-Key ${deps.apiKey}`;
        // A keyed request to the API's host counts against the key's 20 reads per second too.
        const granted = await deps.limiter.acquire({
          maxWaitMs: deps.limiterWaitMs,
          signal: request.signal,
          user,
        });
        if (!granted.ok) {
          return errorResponse(
            limiterBusyError(requestId, Math.max(1, Math.ceil(granted.retryAfterMs / 1000))),
          );
        }
        permit = granted.permit;
      }

      const fetched = await fetchHeaders(deps, url, headers, request.signal, upstreamAbort.signal);
      if (!fetched.ok) {
        permit?.release({ kind: "failed" });
        return errorResponse(
          new CallviewError({
            code: fetched.timedOut ? "UPSTREAM_TIMEOUT" : "UPSTREAM_UNAVAILABLE",
            requestId,
            retryable: true,
            message: fetched.timedOut
              ? "Storage did not start sending the recording in time."
              : "The recording could not be fetched from storage.",
          }),
        );
      }
      const response = fetched.response;
      // A 429 or a spent X-RateLimit-Remaining from the API's origin holds back item lookups too.
      permit?.release(
        permitOutcome(response, parseRetryAfter(response.headers.get("retry-after"), Date.now()), Date.now()),
      );
      if (!REDIRECT_STATUSES.has(response.status)) {
        upstream = response;
        break;
      }

      await response.body?.cancel().catch(() => undefined);
      const location = response.headers.get("location");
      if (!location || hop >= MAX_RECORDING_REDIRECTS) {
        return errorResponse(
          new CallviewError({
            code: "UPSTREAM_UNAVAILABLE",
            requestId,
            upstreamStatus: response.status,
            message: location
              ? `Storage redirected the recording more than ${MAX_RECORDING_REDIRECTS} times.`
              : "Storage redirected the recording without saying where to.",
          }),
        );
      }
      let next: URL | null = null;
      try {
        next = isAllowedRecordingUrl(new URL(location, url).toString(), deps.allowedHosts);
      } catch {
        next = null;
      }
      if (!next) return hostNotAllowed(requestId);
      url = next;
    }

    if (upstream.status === 416) {
      await upstream.body?.cancel().catch(() => undefined);
      return new Response(null, {
        status: 416,
        headers: {
          "content-range": upstream.headers.get("content-range") ?? "bytes */*",
          "cache-control": PRIVATE_NO_STORE,
        },
      });
    }
    if (upstream.status !== 200 && upstream.status !== 206) {
      await upstream.body?.cancel().catch(() => undefined);
      return errorResponse(
        new CallviewError({
          code: upstream.status === 404 ? "RECORDING_NOT_AVAILABLE" : "UPSTREAM_UNAVAILABLE",
          requestId,
          retryable: upstream.status >= 500,
          upstreamStatus: upstream.status,
          message:
            upstream.status === 404
              ? "The recording is no longer available in storage."
              : `Storage answered ${upstream.status} for the recording.`,
        }),
      );
    }

    const out = new Headers({
      "content-type": safeAudioType(upstream.headers.get("content-type")),
      "accept-ranges": "bytes",
      // Call audio is private: not kept in the browser's disk cache (it would outlive sign-out).
      "cache-control": PRIVATE_NO_STORE,
      "content-disposition": `inline; filename="${id}.mp3"`,
      "x-request-id": requestId,
    });
    for (const name of PASSED_HEADERS) {
      const value = upstream.headers.get(name);
      if (value) out.set(name, value);
    }
    if (!upstream.body) return new Response(null, { status: upstream.status, headers: out });
    // The body is streamed through as it arrives: nothing is buffered beyond one chunk, and a
    // source that stalls between chunks is cut after the idle timeout.
    const body = withIdleTimeout(upstream.body, {
      idleMs: deps.idleTimeoutMs,
      onIdle: () => upstreamAbort.abort(),
      onEnd: () => slot.release(),
    });
    handedOver = true;
    return new Response(body, { status: upstream.status, headers: out });
  } finally {
    if (!handedOver) slot.release();
  }
}

type HeadersResult = { ok: true; response: Response } | { ok: false; timedOut: boolean };

/** One hop: the wait for response headers is bounded; the body is not (the idle timeout is). */
async function fetchHeaders(
  deps: RecordingDeps,
  url: URL,
  headers: Record<string, string>,
  callerSignal: AbortSignal,
  bodySignal: AbortSignal,
): Promise<HeadersResult> {
  const headersTimeout = new AbortController();
  const timer = setTimeout(() => headersTimeout.abort(), deps.headersTimeoutMs);
  try {
    const response = await deps.fetch(url.toString(), {
      headers,
      signal: AbortSignal.any([callerSignal, headersTimeout.signal, bodySignal]),
      // By hand: each hop is checked against the allow-list and decides on the key itself.
      redirect: "manual",
      cache: "no-store",
    });
    return { ok: true, response };
  } catch {
    return { ok: false, timedOut: headersTimeout.signal.aborted && !callerSignal.aborted };
  } finally {
    clearTimeout(timer);
  }
}

/** Only audio types pass; anything else is labelled generically so the browser won't render it as a page. */
function safeAudioType(value: string | null): string {
  const type = value?.split(";")[0]?.trim().toLowerCase() ?? "";
  return /^audio\/[a-z0-9.+-]+$/.test(type) ? type : "audio/mpeg";
}
