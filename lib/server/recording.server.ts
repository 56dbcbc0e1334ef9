/**
 * Streams an item's recording to the browser with Range support. The URL comes only from the
 * upstream item; it must be http(s) on the allow-list, and the API key is sent only when the
 * recording lives on the API's own origin.
 */
import "server-only";
import { errorResponse } from "@/lib/api/error-response.server";
import { CallviewError } from "@/lib/api/errors";
import { limiterBusyError } from "@/lib/api/standard-errors";
import { isForwardableRange } from "@/lib/http/range";
import { noRecordingReason } from "@/lib/transcript/recording-notice";
import { alloRuntime, allowedRecordingHosts } from "./allo.server";
import { serverEnv } from "./env.server";
import { lookupUpstreamItem } from "./items.server";

const PASSED_HEADERS = ["content-length", "content-range", "last-modified", "etag"] as const;

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
  return allowedHosts.some((allowed) => allowed === host || allowed === hostname) ? url : null;
}

export async function streamRecording(id: string, request: Request, requestId: string): Promise<Response> {
  const lookup = await lookupUpstreamItem(id, { extendTranscript: false, requestId, signal: request.signal });
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
  const url = isAllowedRecordingUrl(item.recording_url, allowedRecordingHosts());
  if (!url) {
    return errorResponse(
      new CallviewError({
        code: "RECORDING_HOST_NOT_ALLOWED",
        requestId,
        message:
          "The recording is stored on a host this dashboard is not configured to trust (ALLO_RECORDING_HOSTS).",
      }),
    );
  }

  const runtime = alloRuntime();
  const headers: Record<string, string> = { accept: "audio/*" };
  const range = request.headers.get("range");
  if (range && isForwardableRange(range)) headers.range = range.trim();
  // The key authenticates to Allo's API; a storage host on another origin never sees it.
  if (url.origin === runtime.apiOrigin) {
    headers.authorization = `Api-Key ${runtime.apiKey}`;
    // A keyed request to the API's host counts against the key's 20 reads per second too.
    const deadline = Date.now() + serverEnv().requestDeadlineMs;
    if (!(await runtime.limiter.acquire(deadline, request.signal))) {
      return errorResponse(limiterBusyError(requestId));
    }
  }

  // The timeout covers the wait for response headers only; the body may take as long as the
  // listener keeps the stream open, and stops when the browser goes away (request.signal).
  const headersTimeout = new AbortController();
  const timer = setTimeout(() => headersTimeout.abort(), serverEnv().requestTimeoutMs);
  let upstream: Response;
  try {
    upstream = await runtime.fetch(url.toString(), {
      headers,
      signal: AbortSignal.any([request.signal, headersTimeout.signal]),
      redirect: "error",
      cache: "no-store",
    });
  } catch {
    const timedOut = headersTimeout.signal.aborted && !request.signal.aborted;
    return errorResponse(
      new CallviewError({
        code: timedOut ? "UPSTREAM_TIMEOUT" : "UPSTREAM_UNAVAILABLE",
        requestId,
        retryable: true,
        message: timedOut
          ? "Storage did not start sending the recording in time."
          : "The recording could not be fetched from storage.",
      }),
    );
  } finally {
    clearTimeout(timer);
  }

  if (upstream.status === 416) {
    return new Response(null, {
      status: 416,
      headers: {
        "content-range": upstream.headers.get("content-range") ?? "bytes */*",
        "cache-control": "private, no-store",
      },
    });
  }
  if (upstream.status !== 200 && upstream.status !== 206) {
    await upstream.body?.cancel();
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
    "cache-control": "private, max-age=300",
    "content-disposition": `inline; filename="${id}.mp3"`,
    "x-request-id": requestId,
  });
  for (const name of PASSED_HEADERS) {
    const value = upstream.headers.get(name);
    if (value) out.set(name, value);
  }
  // The body is streamed through as it arrives: nothing is buffered beyond one chunk.
  return new Response(upstream.body, { status: upstream.status, headers: out });
}

/** Only audio types pass; anything else is labelled generically so the browser won't render it as a page. */
function safeAudioType(value: string | null): string {
  const type = value?.split(";")[0]?.trim().toLowerCase() ?? "";
  return /^audio\/[a-z0-9.+-]+$/.test(type) ? type : "audio/mpeg";
}
