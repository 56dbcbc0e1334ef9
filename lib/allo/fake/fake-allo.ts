/**
 * A fake of Allo's public API for GET /v2/api/conversations/items/{id} and recordings,
 * written against docs/allo-api.md. It is a fetch-style handler (`Request` → `Response`)
 * so one implementation serves three uses:
 * - in-process, as the `fetch` of the Allo client in demo mode (no API key configured);
 * - as a real HTTP server on loopback for dev and end-to-end tests (./http-server.ts);
 * - in unit tests, called directly.
 */
import { faultFor, FakeConnectionReset, type FaultKit } from "./faults";
import {
  BENCH_IDS,
  createRecordingStorage,
  defaultRecordingsDir,
  HUGE_RECORDING_SECONDS,
  RECORDING_PATH,
  syntheticRecordingUrl,
} from "./recordings";
import { buildSeed, type SeedItem } from "./seed";

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
  /** Where the seeded items' recordings live (default: the fake itself), e.g. a storage host in tests. */
  recordingBaseUrl?: string;
  /** Answers the fake's own `/recordings/{file}` with a 302 to the URL returned, when there is one (tests). */
  recordingRedirect?: (file: string) => string | null;
  now?: () => number;
};

export type FakeAlloStats = {
  itemRequests: number;
  recordingRequests: number;
  rateLimited: number;
  /** Highest number of item requests seen in one one-second window. */
  peakPerSecond: number;
  byId: Record<string, number>;
  /**
   * When each keyed request (item or recording, 429s included) arrived, in ms on the fake's
   * clock, oldest first: what Allo counts against the key. The newest `MAX_ARRIVALS` are kept.
   */
  arrivals: number[];
  /**
   * What each of `arrivals` asked for, at the same index: the item id as sent (URL-encoded), or
   * `recording:<file>`. Lets a test with several clients split arrivals by what each sent.
   */
  arrivalIds: string[];
  /** Most keyed requests that arrived within any rolling second (not the fixed windows above). */
  maxPerRollingSecond: number;
};

/** Bounds the arrival log of a long-running fake (dev server); tests stay far below it. */
const MAX_ARRIVALS = 100_000;

/**
 * Most entries of `times` (ascending ms) inside any half-open window `[s, s + windowMs)`.
 * Such a window's fullest placement ends at an entry, so checking each entry's window suffices.
 */
export function maxInRollingWindow(times: readonly number[], windowMs = 1000): number {
  let best = 0;
  let first = 0;
  for (let last = 0; last < times.length; last++) {
    while (times[first]! <= times[last]! - windowMs) first++;
    best = Math.max(best, last - first + 1);
  }
  return best;
}

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" };
const ITEM_PATH = /^\/v2\/api\/conversations\/items\/([^/]+)$/;
export function createFakeAllo(options: FakeAlloOptions) {
  const now = options.now ?? Date.now;
  let startedAt = now();
  const rateLimit = options.rateLimitPerSecond ?? 20;
  const recordings = createRecordingStorage(options.recordingsDir ?? defaultRecordingsDir());
  const seed = buildSeed(
    startedAt,
    options.summaryDelayMs ?? 20_000,
    (options.recordingBaseUrl ?? options.publicUrl).replace(/\/+$/, ""),
  );
  const byId = new Map<string, SeedItem>(seed.map((entry) => [entry.item.id, entry]));

  const stats: FakeAlloStats = {
    itemRequests: 0,
    recordingRequests: 0,
    rateLimited: 0,
    peakPerSecond: 0,
    byId: {},
    arrivals: [],
    arrivalIds: [],
    maxPerRollingSecond: 0,
  };
  let windowStart = 0;
  let windowCount = 0;
  /** Arrivals within the last second, for `maxPerRollingSecond` in O(1) per request. */
  let recent: number[] = [];

  /** Logs a keyed request's arrival; called before the fake decides anything about it. */
  function recordArrival(t: number, what: string) {
    stats.arrivals.push(t);
    stats.arrivalIds.push(what);
    if (stats.arrivals.length > MAX_ARRIVALS) {
      stats.arrivals.splice(0, stats.arrivals.length - MAX_ARRIVALS);
      stats.arrivalIds.splice(0, stats.arrivalIds.length - MAX_ARRIVALS);
    }
    recent.push(t);
    while (recent.length > 0 && recent[0]! <= t - 1000) recent.shift();
    stats.maxPerRollingSecond = Math.max(stats.maxPerRollingSecond, recent.length);
  }

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
  function rateLimited(requestId: string, headers: Record<string, string>, retryAfterSeconds = 1): Response {
    stats.rateLimited++;
    return errorResponse(
      429,
      "rate_limit_error",
      "RATE_LIMIT_EXCEEDED",
      `You have exceeded the rate limit of ${rateLimit} requests per second.`,
      requestId,
      { retry_after_seconds: retryAfterSeconds },
      { ...headers, "retry-after": String(retryAfterSeconds) },
    );
  }

  async function handleItem(request: Request, rawId: string, arrivedAt: number): Promise<Response> {
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
    recordArrival(arrivedAt, rawId);
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
    const fault = faultFor(id);
    if (fault) {
      const kit: FaultKit = {
        requestId,
        headers,
        error: (status, type, code, message, extra) =>
          errorResponse(status, type, code, message, requestId, extra),
        rateLimited: (seconds) => rateLimited(requestId, limit.headers, seconds),
        wait: (ms) => wait(ms, request.signal),
        slowMs: options.slowMs ?? 60_000,
        seedItem: (seedId) => byId.get(seedId)?.item,
      };
      return fault.respond(kit);
    }
    if (id === BENCH_IDS.hugeRecording) {
      const base = byId.get("cll-demo-billing")?.item;
      const data = {
        ...base,
        id,
        duration: HUGE_RECORDING_SECONDS,
        recording_url: syntheticRecordingUrl(options.publicUrl, HUGE_RECORDING_SECONDS),
        transcript: null,
      };
      return new Response(JSON.stringify({ data }), { headers });
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

  async function handle(request: Request): Promise<Response> {
    const arrivedAt = now();
    const url = new URL(request.url);
    if (url.pathname === "/__fake/reset" && request.method === "POST") {
      reset();
      return Response.json({ ok: true });
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      return new Response(null, { status: 405, headers: { allow: "GET, HEAD" } });
    }
    const item = ITEM_PATH.exec(url.pathname);
    if (item?.[1]) return handleItem(request, item[1], arrivedAt);
    const recording = RECORDING_PATH.exec(url.pathname);
    if (recording?.[1]) {
      stats.recordingRequests++;
      // A keyed recording read on the API's origin counts against the key like any read.
      if (authorized(request) === "ok") recordArrival(arrivedAt, `recording:${recording[1]}`);
      const target = options.recordingRedirect?.(recording[1]);
      if (target) return new Response(null, { status: 302, headers: { location: target } });
      return recordings.handle(request, recording[1]);
    }
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
    stats.arrivals = [];
    stats.arrivalIds = [];
    stats.maxPerRollingSecond = 0;
    recent = [];
  }

  return { handle, fetch: fetchLike, stats, reset, resetStats, items: seed, startedAt: () => startedAt };
}

export type FakeAllo = ReturnType<typeof createFakeAllo>;
