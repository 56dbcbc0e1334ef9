/**
 * A fake of Allo's public API, written against docs/allo-api.md: one item
 * (GET /v2/api/conversations/items/{id}), search (./search.ts), tags (./tags.ts), the key's own
 * description (./me.ts), recordings, `Idempotency-Key` replay (./idempotency.ts), and the
 * per-key limits: 20 reads and 5 writes per second, each in its own window. It is a fetch-style
 * handler (`Request` → `Response`) so one implementation serves three uses:
 * - in-process, as the `fetch` of the Allo client in demo mode (no API key configured);
 * - as a real HTTP server on loopback for dev and end-to-end tests (./http-server.ts);
 * - in unit tests, called directly.
 */
import { FAILING_SEARCH_NUMBER, faultFor, FakeConnectionReset, type FaultKit } from "./faults";
import { createIdempotencyStore } from "./idempotency";
import { DEFAULT_FAKE_SCOPES, meBody } from "./me";
import {
  BENCH_IDS,
  createRecordingStorage,
  defaultRecordingsDir,
  HUGE_RECORDING_SECONDS,
  RECORDING_PATH,
  syntheticRecordingUrl,
} from "./recordings";
import { searchItems, type EnumSpellings } from "./search";
import { buildSeed, type SeedItem } from "./seed";
import { addTags, FAILING_TAG_KEY, removeTag, WORKSPACE_TAGS, type TagChange } from "./tags";

export type FakeAlloOptions = {
  /** The key the fake accepts, as `Api-Key <key>` or bare. */
  apiKey: string;
  /** Absolute origin the fake is reachable at; recording URLs point here. */
  publicUrl: string;
  /** Reads per second per key before 429 (Allo documents 20). */
  rateLimitPerSecond?: number;
  /** Writes (POST, DELETE; searches included) per second per key before 429, in their own window (Allo documents 5). */
  writeRateLimitPerSecond?: number;
  /** What `GET /v2/api/me` says the key may do; TAGS_READ and TAGS_WRITE gate the tag endpoints. */
  scopes?: readonly string[];
  /**
   * Which spellings of search's `sort` and `type` enums are accepted: the v2 docs'
   * (`DATE_DESC`, `SMS`), the live API's as third-party clients report it (`RECENT`,
   * `TEXT_MESSAGE`), or both. Default: the live ones, so Callview's fallback runs in demo mode.
   */
  searchSpellings?: EnumSpellings;
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
  /** Keyed writes that arrived (searches and tag changes, 429s and replays included). */
  writeRequests: number;
  /** Writes answered 429 by the write window. */
  writeRateLimited: number;
  /** When each keyed write arrived, like `arrivals` for reads: Allo's separate write budget. */
  writeArrivals: number[];
  /** Most keyed writes that arrived within any rolling second. */
  maxWritesPerRollingSecond: number;
  /** Searches that passed the limits, and the `sort` value each one sent ("(none)" when absent). */
  searchRequests: number;
  bySort: Record<string, number>;
  /** Tag changes that ran (replays excluded), per item id. */
  tagWrites: Record<string, number>;
  /** Writes answered from the Idempotency-Key store without running again. */
  idempotentReplays: number;
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
const SEARCH_PATH = "/v2/api/conversations/items/search";
const ITEM_TAGS_PATH = /^\/v2\/api\/conversations\/items\/([^/]+)\/tags$/;
const ITEM_TAG_PATH = /^\/v2\/api\/conversations\/items\/([^/]+)\/tags\/([^/]+)$/;
const TAGS_PATH = "/v2/api/tags";
const ME_PATH = "/v2/api/me";

type Budget = "read" | "write";
/** A fixed one-second window of one budget. */
type RateWindow = { second: number; count: number };
/** A keyed request the limits let through: its request id and rate-limit headers. */
type Admitted = { requestId: string; limitHeaders: Record<string, string> };

/** Rolling-second bookkeeping of one budget's arrivals. */
function createArrivalLog(onPeak: (peak: number) => void, list: number[]) {
  let recent: number[] = [];
  return {
    record(t: number) {
      list.push(t);
      if (list.length > MAX_ARRIVALS) list.splice(0, list.length - MAX_ARRIVALS);
      recent.push(t);
      while (recent.length > 0 && recent[0]! <= t - 1000) recent.shift();
      onPeak(recent.length);
    },
    clear() {
      recent = [];
    },
  };
}
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
  // Tags live in the seed objects (a change shows on the next GET); reset puts these back.
  const seededTags = new Map(
    seed.map((entry) => [entry.item.id, entry.item.tags ? [...entry.item.tags] : entry.item.tags]),
  );
  const writeLimit = options.writeRateLimitPerSecond ?? 5;
  const scopes = new Set((options.scopes ?? DEFAULT_FAKE_SCOPES).map((scope) => scope.toUpperCase()));
  const searchSpellings = options.searchSpellings ?? "live";
  const idempotency = createIdempotencyStore();
  /** Contact numbers whose searches answer 500 (`/__fake/control` changes it; reset restores it). */
  let failingSearchNumbers = new Set([FAILING_SEARCH_NUMBER]);
  /**
   * Fault ids that have recovered (`/__fake/control`; reset clears them): each answers with a copy
   * of the seeded item it names, under its own id, as if Allo were well again.
   */
  let healedFaults = new Map<string, string>();

  const stats: FakeAlloStats = {
    itemRequests: 0,
    recordingRequests: 0,
    rateLimited: 0,
    peakPerSecond: 0,
    byId: {},
    arrivals: [],
    arrivalIds: [],
    maxPerRollingSecond: 0,
    writeRequests: 0,
    writeRateLimited: 0,
    writeArrivals: [],
    maxWritesPerRollingSecond: 0,
    searchRequests: 0,
    bySort: {},
    tagWrites: {},
    idempotentReplays: 0,
  };
  const windows: Record<Budget, RateWindow> = {
    read: { second: 0, count: 0 },
    write: { second: 0, count: 0 },
  };
  const limits: Record<Budget, number> = { read: rateLimit, write: writeLimit };
  // Arrivals within the last second, for the rolling maxima in O(1) per request.
  let readLog = createArrivalLog(
    (peak) => (stats.maxPerRollingSecond = Math.max(stats.maxPerRollingSecond, peak)),
    stats.arrivals,
  );
  let writeLog = createArrivalLog(
    (peak) => (stats.maxWritesPerRollingSecond = Math.max(stats.maxWritesPerRollingSecond, peak)),
    stats.writeArrivals,
  );

  /**
   * Logs a keyed read's arrival, and what it asked for (`arrivalIds`, same index); called before
   * the fake decides anything about it.
   */
  function recordArrival(t: number, what: string) {
    readLog.record(t);
    stats.arrivalIds.push(what);
    if (stats.arrivalIds.length > stats.arrivals.length) {
      stats.arrivalIds.splice(0, stats.arrivalIds.length - stats.arrivals.length);
    }
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

  /** Fixed one-second windows per key and budget, like Allo's documented per-second limits. */
  function rateLimitHeaders(budget: Budget = "read"): { allowed: boolean; headers: Record<string, string> } {
    const t = now();
    const second = Math.floor(t / 1000);
    const window = windows[budget];
    const limit = limits[budget];
    if (second !== window.second) {
      window.second = second;
      window.count = 0;
    }
    window.count++;
    const allowed = window.count <= limit;
    if (allowed && budget === "read") stats.peakPerSecond = Math.max(stats.peakPerSecond, window.count);
    return {
      allowed,
      headers: {
        "x-ratelimit-limit": String(limit),
        "x-ratelimit-remaining": String(Math.max(0, limit - window.count)),
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
  function rateLimited(
    requestId: string,
    headers: Record<string, string>,
    retryAfterSeconds = 1,
    budget: Budget = "read",
  ): Response {
    if (budget === "read") stats.rateLimited++;
    else stats.writeRateLimited++;
    return errorResponse(
      429,
      "rate_limit_error",
      "RATE_LIMIT_EXCEEDED",
      `You have exceeded the rate limit of ${limits[budget]} requests per second.`,
      requestId,
      { retry_after_seconds: retryAfterSeconds },
      { ...headers, "retry-after": String(retryAfterSeconds) },
    );
  }

  /**
   * What every keyed request goes through, in Allo's order: the key (401), its arrival logged
   * against its budget, that budget's window (429), then the scope the endpoint needs (403).
   */
  function admit(
    request: Request,
    budget: Budget,
    arrivedAt: number,
    scope: string | null,
    /** Logged with a read's arrival (`arrivalIds`): the item id as sent, or the path. */
    what: string,
  ): Admitted | Response {
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
    if (budget === "read") recordArrival(arrivedAt, what);
    else {
      stats.writeRequests++;
      writeLog.record(arrivedAt);
    }
    const limit = rateLimitHeaders(budget);
    if (!limit.allowed) return rateLimited(requestId, limit.headers, 1, budget);
    if (scope !== null && !scopes.has(scope)) {
      return errorResponse(
        403,
        "permission_error",
        "API_KEY_INSUFFICIENT_SCOPE",
        `The API key lacks the ${scope} scope.`,
        requestId,
        {},
        limit.headers,
      );
    }
    return { requestId, limitHeaders: limit.headers };
  }

  async function handleItem(request: Request, rawId: string, arrivedAt: number): Promise<Response> {
    const admitted = admit(request, "read", arrivedAt, "CONVERSATIONS_READ", rawId);
    if (admitted instanceof Response) return admitted;
    const { requestId } = admitted;
    const limit = { headers: admitted.limitHeaders };
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
    const healedAs = healedFaults.get(id);
    const healed = healedAs ? byId.get(healedAs) : undefined;
    if (healed) return new Response(JSON.stringify({ data: { ...healed.item, id } }), { headers });
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

  /** The JSON body of a write, or the error Allo documents for a bad one (415, 400). */
  async function jsonBody(
    request: Request,
    requestId: string,
  ): Promise<{ ok: true; body: unknown } | Response> {
    if (!(request.headers.get("content-type") ?? "").toLowerCase().includes("application/json")) {
      return errorResponse(
        415,
        "validation_error",
        "UNSUPPORTED_MEDIA_TYPE",
        "Send the body as application/json.",
        requestId,
      );
    }
    try {
      return { ok: true, body: JSON.parse(await request.text()) as unknown };
    } catch {
      return errorResponse(
        400,
        "validation_error",
        "INVALID_REQUEST_BODY",
        "The body is not valid JSON.",
        requestId,
      );
    }
  }

  async function handleSearch(request: Request, arrivedAt: number): Promise<Response> {
    // Assumed to count as a write, like every POST (docs/allo-api.md, "Rate limits").
    const admitted = admit(request, "write", arrivedAt, "CONVERSATIONS_READ", "search");
    if (admitted instanceof Response) return admitted;
    const { requestId, limitHeaders } = admitted;
    stats.searchRequests++;
    await wait(options.latencyMs ?? 0, request.signal);
    const parsed = await jsonBody(request, requestId);
    if (parsed instanceof Response) return parsed;
    const body = parsed.body as Record<string, unknown> | null;
    const sort = typeof body?.sort === "string" ? body.sort : "(none)";
    stats.bySort[sort] = (stats.bySort[sort] ?? 0) + 1;
    if (typeof body?.contact_number === "string" && failingSearchNumbers.has(body.contact_number)) {
      return errorResponse(
        500,
        "server_error",
        "INTERNAL_ERROR",
        "An internal error occurred.",
        requestId,
        {},
        limitHeaders,
      );
    }
    const answer = searchItems(
      seed.map((entry) => currentItem(entry) as SeedItem["item"]),
      parsed.body,
      searchSpellings,
      new URL(request.url).searchParams,
    );
    if (!answer.ok) {
      return errorResponse(
        400,
        "validation_error",
        answer.code,
        answer.message,
        requestId,
        { param: answer.param },
        limitHeaders,
      );
    }
    return new Response(JSON.stringify(answer.body), {
      headers: { ...JSON_HEADERS, ...limitHeaders, "x-request-id": requestId },
    });
  }

  /**
   * POST …/items/{id}/tags and DELETE …/items/{id}/tags/{tag}: a write with `Idempotency-Key`
   * replay. `change` runs only when the key has no stored answer.
   */
  async function handleTagWrite(
    request: Request,
    rawId: string,
    arrivedAt: number,
    change: (entry: SeedItem, requestId: string) => Promise<TagChange | Response>,
  ): Promise<Response> {
    const admitted = admit(request, "write", arrivedAt, "TAGS_WRITE", "tags");
    if (admitted instanceof Response) return admitted;
    const { requestId, limitHeaders } = admitted;
    const key = request.headers.get("idempotency-key");
    if (key) {
      const replayed = idempotency.replay(key);
      if (replayed) {
        stats.idempotentReplays++;
        return replayed;
      }
    }
    await wait(options.latencyMs ?? 0, request.signal);
    const id = decodeURIComponent(rawId);
    const entry = byId.get(id);
    if (!entry) {
      return errorResponse(
        404,
        "not_found_error",
        "CONVERSATION_ITEM_NOT_FOUND",
        `No call or message found with ID '${id}'.`,
        requestId,
        { param: "id" },
        limitHeaders,
      );
    }
    const outcome = await change(entry, requestId);
    if (outcome instanceof Response) return outcome;
    stats.tagWrites[id] = (stats.tagWrites[id] ?? 0) + 1;
    if (!outcome.ok) {
      const extra = outcome.param ? { param: outcome.param } : {};
      return errorResponse(
        outcome.status,
        outcome.type,
        outcome.code,
        outcome.message,
        requestId,
        extra,
        limitHeaders,
      );
    }
    const response = new Response(JSON.stringify({ data: { id, tags: entry.item.tags ?? [] } }), {
      headers: { ...JSON_HEADERS, ...limitHeaders, "x-request-id": requestId },
    });
    return key ? idempotency.remember(key, response) : response;
  }

  /** The demo fault tag fails like an Allo outage would, before anything changes. */
  function failingTag(requestId: string): Response {
    return errorResponse(500, "server_error", "INTERNAL_ERROR", "An internal error occurred.", requestId);
  }

  function handleAddTags(request: Request, rawId: string, arrivedAt: number): Promise<Response> {
    return handleTagWrite(request, rawId, arrivedAt, async (entry, requestId) => {
      const parsed = await jsonBody(request, requestId);
      if (parsed instanceof Response) return parsed;
      const tags = (parsed.body as { tags?: unknown } | null)?.tags;
      if (Array.isArray(tags) && tags.includes(FAILING_TAG_KEY)) return failingTag(requestId);
      return addTags(entry.item, parsed.body);
    });
  }

  function handleRemoveTag(
    request: Request,
    rawId: string,
    rawTag: string,
    arrivedAt: number,
  ): Promise<Response> {
    return handleTagWrite(request, rawId, arrivedAt, async (entry, requestId) => {
      const tag = decodeURIComponent(rawTag);
      if (tag === FAILING_TAG_KEY) return failingTag(requestId);
      return removeTag(entry.item, tag);
    });
  }

  /** GET /v2/api/tags and GET /v2/api/me: reads. */
  async function handleRead(
    request: Request,
    arrivedAt: number,
    scope: string | null,
    body: () => unknown,
  ): Promise<Response> {
    const admitted = admit(request, "read", arrivedAt, scope, new URL(request.url).pathname);
    if (admitted instanceof Response) return admitted;
    await wait(options.latencyMs ?? 0, request.signal);
    return new Response(JSON.stringify(body()), {
      headers: { ...JSON_HEADERS, ...admitted.limitHeaders, "x-request-id": admitted.requestId },
    });
  }

  /** Test control: which contact numbers' searches fail. */
  async function control(request: Request): Promise<Response> {
    let body: unknown = null;
    try {
      body = JSON.parse(await request.text()) as unknown;
    } catch {
      return Response.json({ ok: false, error: "JSON body expected" }, { status: 400 });
    }
    const numbers = (body as { failingSearchNumbers?: unknown } | null)?.failingSearchNumbers;
    if (Array.isArray(numbers) && numbers.every((value) => typeof value === "string")) {
      failingSearchNumbers = new Set(numbers as string[]);
    }
    const healed = (body as { healedFaults?: unknown } | null)?.healedFaults;
    if (typeof healed === "object" && healed !== null) {
      const entries = Object.entries(healed);
      if (
        entries.every(
          ([faultId, seedId]) => faultFor(faultId) && typeof seedId === "string" && byId.has(seedId),
        )
      ) {
        healedFaults = new Map(entries as [string, string][]);
      } else {
        return Response.json(
          { ok: false, error: "healedFaults maps fault ids to seeded item ids" },
          { status: 400 },
        );
      }
    }
    return Response.json({
      ok: true,
      failingSearchNumbers: [...failingSearchNumbers],
      healedFaults: Object.fromEntries(healedFaults),
    });
  }

  async function handle(request: Request): Promise<Response> {
    const arrivedAt = now();
    const url = new URL(request.url);
    if (url.pathname === "/__fake/reset" && request.method === "POST") {
      reset();
      return Response.json({ ok: true });
    }
    if (url.pathname === "/__fake/control" && request.method === "POST") return control(request);
    if (request.method === "POST") {
      if (url.pathname === SEARCH_PATH) return handleSearch(request, arrivedAt);
      const tags = ITEM_TAGS_PATH.exec(url.pathname);
      if (tags?.[1]) return handleAddTags(request, tags[1], arrivedAt);
    }
    if (request.method === "DELETE") {
      const tag = ITEM_TAG_PATH.exec(url.pathname);
      if (tag?.[1] && tag[2]) return handleRemoveTag(request, tag[1], tag[2], arrivedAt);
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      return new Response(null, { status: 405, headers: { allow: "GET, HEAD" } });
    }
    if (url.pathname === TAGS_PATH)
      return handleRead(request, arrivedAt, "TAGS_READ", () => ({ data: WORKSPACE_TAGS }));
    if (url.pathname === ME_PATH) {
      return handleRead(request, arrivedAt, null, () =>
        meBody([...scopes], { read: rateLimit, write: writeLimit }),
      );
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

  /** Test control: restarts the pending-summary clock, puts the seeded tags back, forgets idempotency keys and clears the counters. */
  function reset() {
    startedAt = now();
    for (const entry of seed) {
      const tags = seededTags.get(entry.item.id);
      entry.item.tags = tags ? [...tags] : tags;
    }
    idempotency.clear();
    failingSearchNumbers = new Set([FAILING_SEARCH_NUMBER]);
    healedFaults = new Map();
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
    stats.writeRequests = 0;
    stats.writeRateLimited = 0;
    stats.writeArrivals = [];
    stats.maxWritesPerRollingSecond = 0;
    stats.searchRequests = 0;
    stats.bySort = {};
    stats.tagWrites = {};
    stats.idempotentReplays = 0;
    readLog = createArrivalLog(
      (peak) => (stats.maxPerRollingSecond = Math.max(stats.maxPerRollingSecond, peak)),
      stats.arrivals,
    );
    writeLog = createArrivalLog(
      (peak) => (stats.maxWritesPerRollingSecond = Math.max(stats.maxWritesPerRollingSecond, peak)),
      stats.writeArrivals,
    );
  }

  return { handle, fetch: fetchLike, stats, reset, resetStats, items: seed, startedAt: () => startedAt };
}

export type FakeAllo = ReturnType<typeof createFakeAllo>;
