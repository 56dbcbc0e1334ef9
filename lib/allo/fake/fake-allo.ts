/**
 * A fake of Allo's public API for GET /v2/api/conversations/items/{id} and recordings,
 * written against ../shared/allo-api.md. It is a fetch-style handler (`Request` → `Response`)
 * so one implementation serves three uses:
 * - in-process, as the `fetch` of the Allo client in demo mode (no API key configured);
 * - as a real HTTP server on loopback for dev and end-to-end tests (./http-server.ts);
 * - in unit tests, called directly.
 */
import { readFileSync, statSync, createReadStream } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { parseRangeHeader, type ByteRange } from "../../http/range";
import { BENCH_IDS, buildSeed, driftItem, FAULT_IDS, HUGE_RECORDING_SECONDS, type SeedItem } from "./seed";

export type FakeAlloOptions = {
  /** The key the fake accepts, as `Api-Key <key>` or bare. */
  apiKey: string;
  /** Absolute origin the fake is reachable at; recording URLs point here. */
  publicUrl: string;
  /** Reads per second per key before 429 (Allo documents 20). */
  rateLimitPerSecond?: number;
  /** Delay before the pending call's summary appears. */
  summaryDelayMs?: number;
  /** Added to every API answer, to imitate network and server time (benchmarks). */
  latencyMs?: number;
  /** How long `cll-fault-slow` takes: longer than any sensible client timeout. */
  slowMs?: number;
  recordingsDir?: string;
  now?: () => number;
};

export type FakeAlloStats = {
  itemRequests: number;
  recordingRequests: number;
  rateLimited: number;
  /** Highest number of item requests seen in one one-second window. */
  peakPerSecond: number;
  byId: Record<string, number>;
};

/** Thrown by the handler to ask the transport to drop the connection (fault injection). */
export class FakeConnectionReset extends Error {
  constructor() {
    super("fake connection reset");
    this.name = "FakeConnectionReset";
  }
}

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" };
const ITEM_PATH = /^\/v2\/api\/conversations\/items\/([^/]+)$/;
const RECORDING_PATH = /^\/recordings\/([A-Za-z0-9._-]+\.mp3)$/;
const SYNTHETIC_RECORDING = /^synthetic-(\d{1,6})\.mp3$/;

type LoopInfo = { frameBytes: number; framesPerLoop: number; durationSeconds: number; bytes: number };

export function defaultRecordingsDir(): string {
  return path.join(process.cwd(), "lib", "allo", "fake", "recordings");
}

export function createFakeAllo(options: FakeAlloOptions) {
  const now = options.now ?? Date.now;
  let startedAt = now();
  const rateLimit = options.rateLimitPerSecond ?? 20;
  const recordingsDir = options.recordingsDir ?? defaultRecordingsDir();
  const seed = buildSeed(startedAt, options.summaryDelayMs ?? 20_000, options.publicUrl.replace(/\/+$/, ""));
  const byId = new Map<string, SeedItem>(seed.map((entry) => [entry.item.id, entry]));
  let loop: { bytes: Buffer; info: LoopInfo } | null = null;

  const stats: FakeAlloStats = {
    itemRequests: 0,
    recordingRequests: 0,
    rateLimited: 0,
    peakPerSecond: 0,
    byId: {},
  };
  let windowStart = 0;
  let windowCount = 0;

  function requestIdFrom(request: Request): string {
    const sent = request.headers.get("x-request-id");
    if (sent && /^[A-Za-z0-9_.-]{1,64}$/.test(sent)) return sent;
    return `req_${Math.random().toString(36).slice(2, 14).padEnd(12, "0")}`;
  }

  function errorResponse(
    status: number,
    type: string,
    code: string,
    message: string,
    requestId: string,
    extra: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ): Response {
    const retryable = status === 429 || status >= 500;
    return new Response(
      JSON.stringify({ error: { type, code, message, retryable, request_id: requestId, ...extra } }),
      { status, headers: { ...JSON_HEADERS, "x-request-id": requestId, ...headers } },
    );
  }

  /** Fixed one-second windows per key, like Allo's documented per-second limit. */
  function rateLimitHeaders(): { allowed: boolean; headers: Record<string, string> } {
    const t = now();
    const second = Math.floor(t / 1000);
    if (second !== windowStart) {
      windowStart = second;
      windowCount = 0;
    }
    windowCount++;
    const allowed = windowCount <= rateLimit;
    if (allowed) stats.peakPerSecond = Math.max(stats.peakPerSecond, windowCount);
    return {
      allowed,
      headers: {
        "x-ratelimit-limit": String(rateLimit),
        "x-ratelimit-remaining": String(Math.max(0, rateLimit - windowCount)),
        "x-ratelimit-reset": String(second + 1),
      },
    };
  }

  function authorized(request: Request): "ok" | "missing" | "invalid" {
    const header = request.headers.get("authorization");
    if (!header) return "missing";
    const key = header.startsWith("Api-Key ") ? header.slice("Api-Key ".length) : header;
    return key === options.apiKey ? "ok" : "invalid";
  }

  async function wait(ms: number, signal: AbortSignal): Promise<void> {
    if (ms <= 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      signal.addEventListener("abort", () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  function currentItem(entry: SeedItem): Record<string, unknown> {
    if (entry.summaryReadyAfterMs !== undefined && now() - startedAt < entry.summaryReadyAfterMs) {
      return { ...entry.item, summary: null };
    }
    return entry.item;
  }

  /** Allo's documented 429: Retry-After header and `retry_after_seconds` in the body. */
  function rateLimited(requestId: string, headers: Record<string, string>): Response {
    stats.rateLimited++;
    return errorResponse(
      429,
      "rate_limit_error",
      "RATE_LIMIT_EXCEEDED",
      `You have exceeded the rate limit of ${rateLimit} requests per second.`,
      requestId,
      { retry_after_seconds: 1 },
      { ...headers, "retry-after": "1" },
    );
  }

  async function handleItem(request: Request, rawId: string): Promise<Response> {
    const requestId = requestIdFrom(request);
    const auth = authorized(request);
    if (auth === "missing") {
      return errorResponse(
        401,
        "authentication_error",
        "UNAUTHORIZED",
        "Authentication required. Send Authorization: Api-Key <key>.",
        requestId,
      );
    }
    if (auth === "invalid") {
      return errorResponse(
        401,
        "authentication_error",
        "API_KEY_INVALID",
        "The API key is invalid.",
        requestId,
      );
    }
    const limit = rateLimitHeaders();
    if (!limit.allowed) return rateLimited(requestId, limit.headers);
    stats.itemRequests++;
    const id = decodeURIComponent(rawId);
    stats.byId[id] = (stats.byId[id] ?? 0) + 1;
    await wait(options.latencyMs ?? 0, request.signal);

    const url = new URL(request.url);
    const extend = url.searchParams.get("extend");
    if (extend !== null && extend.split(",").some((value) => value.trim() !== "transcript")) {
      return errorResponse(
        400,
        "validation_error",
        "UNSUPPORTED_EXTEND_VALUE",
        `Unsupported extend value '${extend}'. Only 'transcript' is supported.`,
        requestId,
        { param: "extend" },
        limit.headers,
      );
    }
    if (!/^(cll|msg)-/.test(id)) {
      return errorResponse(
        400,
        "validation_error",
        "INVALID_ITEM_ID",
        `Invalid item ID '${id}'. IDs start with cll- or msg-.`,
        requestId,
        { param: "id" },
        limit.headers,
      );
    }

    const headers = { ...JSON_HEADERS, ...limit.headers, "x-request-id": requestId };
    switch (id) {
      case FAULT_IDS.unauthorized:
        return errorResponse(
          401,
          "authentication_error",
          "API_KEY_REVOKED",
          "The API key has been revoked.",
          requestId,
        );
      case FAULT_IDS.forbidden:
        return errorResponse(
          403,
          "permission_error",
          "API_KEY_INSUFFICIENT_SCOPE",
          "The API key lacks the CONVERSATIONS_READ scope.",
          requestId,
        );
      case FAULT_IDS.rateLimited:
        return rateLimited(requestId, limit.headers);
      case FAULT_IDS.serverError:
        return errorResponse(500, "server_error", "INTERNAL_ERROR", "An internal error occurred.", requestId);
      case FAULT_IDS.badGateway:
        return new Response("<html><body>502 Bad Gateway</body></html>", {
          status: 502,
          headers: { "content-type": "text/html" },
        });
      case FAULT_IDS.slow:
        await wait(options.slowMs ?? 60_000, request.signal);
        return new Response(JSON.stringify({ data: byId.get("cll-demo-billing")?.item }), { headers });
      case FAULT_IDS.malformedJson:
        return new Response('{"data": {"id": "cll-fault-json", "type": "CALL", ', { headers });
      case FAULT_IDS.unexpectedShape:
        return new Response(
          JSON.stringify({ data: { id: id, kind: "call", when: "yesterday", contacts: "none" } }),
          { headers },
        );
      case FAULT_IDS.connectionReset:
        throw new FakeConnectionReset();
      case FAULT_IDS.tolerableDrift:
        return new Response(JSON.stringify({ data: driftItem() }), { headers });
      case BENCH_IDS.hugeRecording: {
        const base = byId.get("cll-demo-billing")?.item;
        const recording = `${options.publicUrl.replace(/\/+$/, "")}/recordings/synthetic-${HUGE_RECORDING_SECONDS}.mp3`;
        const data = {
          ...base,
          id,
          duration: HUGE_RECORDING_SECONDS,
          recording_url: recording,
          transcript: null,
        };
        return new Response(JSON.stringify({ data }), { headers });
      }
    }

    const entry = byId.get(id);
    if (!entry) {
      return errorResponse(
        404,
        "not_found_error",
        "CONVERSATION_ITEM_NOT_FOUND",
        `No call or message found with ID '${id}'.`,
        requestId,
        { param: "id" },
        limit.headers,
      );
    }
    const item = currentItem(entry);
    const body = {
      data: { ...item, transcript: extend === "transcript" ? (item.transcript ?? null) : null },
    };
    return new Response(JSON.stringify(body), { headers });
  }

  function loadLoop() {
    if (!loop) {
      const info = JSON.parse(
        readFileSync(path.join(/*turbopackIgnore: true*/ recordingsDir, "loop.json"), "utf8"),
      ) as LoopInfo;
      loop = { bytes: readFileSync(path.join(/*turbopackIgnore: true*/ recordingsDir, "loop.mp3")), info };
    }
    return loop;
  }

  /** Bytes [start, end] of `bytes` repeated to `total` bytes, streamed chunk by chunk. */
  function repeatedStream(bytes: Buffer, range: ByteRange): ReadableStream<Uint8Array> {
    let position = range.start;
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (position > range.end) {
          controller.close();
          return;
        }
        const offset = position % bytes.length;
        const length = Math.min(bytes.length - offset, range.end - position + 1, 64 * 1024);
        controller.enqueue(new Uint8Array(bytes.subarray(offset, offset + length)));
        position += length;
      },
    });
  }

  function handleRecording(request: Request, file: string): Response {
    stats.recordingRequests++;
    const synthetic = SYNTHETIC_RECORDING.exec(file);
    let size: number;
    let open: (range: ByteRange) => ReadableStream<Uint8Array>;
    if (synthetic) {
      // Long recordings are the 10-second CBR loop repeated; frames are equal-sized so any
      // whole number of loops (then frames) is a valid MP3 of the requested length.
      const { bytes, info } = loadLoop();
      const seconds = Number(synthetic[1]);
      const frames = Math.max(1, Math.round((seconds / info.durationSeconds) * info.framesPerLoop));
      size = frames * info.frameBytes;
      open = (range) => repeatedStream(bytes, range);
    } else {
      // Statically scoped (the file name is checked against RECORDING_PATH); tracing includes this folder.
      const filePath = path.join(/*turbopackIgnore: true*/ recordingsDir, file);
      try {
        size = statSync(filePath).size;
      } catch {
        return new Response("Not found", { status: 404 });
      }
      open = (range) =>
        Readable.toWeb(
          createReadStream(filePath, { start: range.start, end: range.end }),
        ) as ReadableStream<Uint8Array>;
    }
    const base = {
      "content-type": "audio/mpeg",
      "accept-ranges": "bytes",
      "cache-control": "private, max-age=3600",
    };
    const parsed = parseRangeHeader(request.headers.get("range"), size);
    if (parsed.kind === "unsatisfiable") {
      return new Response(null, { status: 416, headers: { ...base, "content-range": `bytes */${size}` } });
    }
    const range = parsed.kind === "range" ? parsed.range : { start: 0, end: size - 1 };
    const headers: Record<string, string> = {
      ...base,
      "content-length": String(range.end - range.start + 1),
    };
    if (parsed.kind === "range") headers["content-range"] = `bytes ${range.start}-${range.end}/${size}`;
    const body = request.method === "HEAD" ? null : open(range);
    return new Response(body, { status: parsed.kind === "range" ? 206 : 200, headers });
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/__fake/reset" && request.method === "POST") {
      reset();
      return Response.json({ ok: true });
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      return new Response(null, { status: 405, headers: { allow: "GET, HEAD" } });
    }
    const item = ITEM_PATH.exec(url.pathname);
    if (item?.[1]) return handleItem(request, item[1]);
    const recording = RECORDING_PATH.exec(url.pathname);
    if (recording?.[1]) return handleRecording(request, recording[1]);
    if (url.pathname === "/__fake/stats") return Response.json(stats);
    return errorResponse(404, "not_found_error", "NOT_FOUND", "No such endpoint.", requestIdFrom(request));
  }

  /** A `fetch` for in-process use; a reset fault surfaces as the network error real fetch throws. */
  async function fetchLike(input: string, init: RequestInit = {}): Promise<Response> {
    const signal = init.signal ?? undefined;
    signal?.throwIfAborted();
    // Like real fetch: an abort rejects the pending call, whatever the handler is doing.
    const aborted = new Promise<never>((_resolve, reject) => {
      signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
    });
    try {
      return await Promise.race([handle(new Request(input, init)), aborted]);
    } catch (error) {
      if (error instanceof FakeConnectionReset) throw new TypeError("fetch failed", { cause: error });
      throw error;
    }
  }

  /** Test control: restarts the pending-summary clock and clears the counters. */
  function reset() {
    startedAt = now();
    resetStats();
  }

  function resetStats() {
    stats.itemRequests = 0;
    stats.recordingRequests = 0;
    stats.rateLimited = 0;
    stats.peakPerSecond = 0;
    stats.byId = {};
  }

  return { handle, fetch: fetchLike, stats, reset, resetStats, items: seed, startedAt: () => startedAt };
}

export type FakeAllo = ReturnType<typeof createFakeAllo>;
