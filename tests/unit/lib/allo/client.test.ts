import { describe, expect, it } from "vitest";
import {
  createAlloClient,
  parseRetryAfter,
  parseUpstreamError,
  type AlloClientOptions,
  type FetchLike,
} from "@/lib/allo/client.server";
import type { AcquireRequest, PermitOutcome, RateLimiter } from "@/lib/concurrency/rate-limiter";

const ITEM = {
  id: "cll-abc123",
  type: "CALL",
  direction: "INBOUND",
  contacts: [],
  date: "2023-11-07T05:31:56Z",
};

type Scripted = Response | Error | ((init: RequestInit) => Promise<Response>);

/** A fetch that answers from a script and records what it was asked, on a virtual clock. */
function harness(script: Scripted[], opts: { timeoutMs?: number; deadlineMs?: number } = {}) {
  let clock = 1_000_000;
  const calls: { url: string; init: RequestInit }[] = [];
  const sleeps: number[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, init });
    const next = script.shift();
    if (!next) throw new Error("unexpected extra request");
    if (next instanceof Error) throw next;
    if (typeof next === "function") return next(init);
    return next;
  };
  const client = createAlloClient({
    baseUrl: "https://api.example.test/",
    apiKey: "ak_live_test_key",
    fetch,
    timeoutMs: opts.timeoutMs ?? 1000,
    deadlineMs: opts.deadlineMs ?? 10_000,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    now: () => clock,
    random: () => 0.5,
  });
  return { client, calls, sleeps };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(typeof body === "string" ? body : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });

const v2Error = (status: number, code: string, extra: Record<string, unknown> = {}) =>
  json(
    {
      error: {
        type: "x",
        code,
        message: `${code} happened`,
        retryable: status === 429,
        request_id: "req_upstream0001",
        ...extra,
      },
    },
    status,
  );

describe("Allo client", () => {
  it("sends the key as Api-Key, a request id, and asks for the transcript when told to", async () => {
    const { client, calls } = harness([json({ data: ITEM })]);
    const result = await client.getItem("cll-abc123", {
      extendTranscript: true,
      requestId: "req_mine00000001",
    });
    expect(result.ok).toBe(true);
    expect(calls[0]?.url).toBe(
      "https://api.example.test/v2/api/conversations/items/cll-abc123?extend=transcript",
    );
    const headers = new Headers(calls[0]?.init.headers);
    expect(headers.get("authorization")).toBe("Api-Key ak_live_test_key");
    expect(headers.get("x-request-id")).toBe("req_mine00000001");
  });

  it("retries 503 then succeeds, with exponential backoff", async () => {
    const { client, calls, sleeps } = harness([
      v2Error(503, "UNAVAILABLE"),
      v2Error(502, "BAD_GATEWAY"),
      json({ data: ITEM }),
    ]);
    const result = await client.getItem("cll-abc123");
    expect(result.ok).toBe(true);
    expect(calls).toHaveLength(3);
    expect(sleeps).toEqual([150, 300]);
  });

  it("honours Retry-After on 429 and reports the rate limit when it persists", async () => {
    const limited = () => v2Error(429, "RATE_LIMIT_EXCEEDED", { retry_after_seconds: 2 });
    const { client, calls, sleeps } = harness([
      new Response(limited().body, { status: 429, headers: { "retry-after": "2" } }),
      new Response(limited().body, { status: 429, headers: { "retry-after": "2" } }),
      new Response(limited().body, { status: 429, headers: { "retry-after": "2" } }),
    ]);
    const result = await client.getItem("cll-abc123");
    expect(calls).toHaveLength(3);
    expect(sleeps).toEqual([2000, 2000]);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe("RATE_LIMIT_EXCEEDED");
      expect(result.error.status).toBe(429);
      expect(result.error.retryable).toBe(true);
      expect(result.error.retryAfterSeconds).toBe(2);
    }
  });

  it("gives up at once when Retry-After would pass the deadline", async () => {
    const { client, calls, sleeps } = harness(
      [
        new Response(v2Error(429, "RATE_LIMIT_EXCEEDED").body, {
          status: 429,
          headers: { "retry-after": "30" },
        }),
      ],
      { deadlineMs: 5000 },
    );
    const result = await client.getItem("cll-abc123");
    expect(calls).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(!result.ok && result.error.retryAfterSeconds).toBe(30);
  });

  it.each([
    [400, "INVALID_ITEM_ID", "INVALID_ITEM_ID", 400],
    [401, "API_KEY_INVALID", "UPSTREAM_AUTH_REJECTED", 502],
    [403, "API_KEY_INSUFFICIENT_SCOPE", "UPSTREAM_AUTH_REJECTED", 502],
    [404, "CONVERSATION_ITEM_NOT_FOUND", "CONVERSATION_ITEM_NOT_FOUND", 404],
    [500, "INTERNAL", "UPSTREAM_UNAVAILABLE", 502],
    [409, "CONFLICT", "UPSTREAM_REQUEST_REJECTED", 502],
  ])(
    "does not retry %i %s; maps it to %s (%i) keeping the upstream code",
    async (status, upstreamCode, code, ours) => {
      const { client, calls } = harness([v2Error(status, upstreamCode)]);
      const result = await client.getItem("cll-abc123");
      expect(calls).toHaveLength(1);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe(code);
        expect(result.error.status).toBe(ours);
        expect(result.error.upstreamCode).toBe(upstreamCode);
        expect(result.error.upstreamStatus).toBe(status);
        expect(result.error.requestId).toBe("req_upstream0001");
      }
    },
  );

  it("reads v1's flat error envelope", async () => {
    const { client } = harness([json({ code: "API_KEY_INVALID", details: null }, 401)]);
    const result = await client.getItem("cll-abc123");
    expect(!result.ok && result.error.upstreamCode).toBe("API_KEY_INVALID");
  });

  it("retries network errors, then reports the upstream as unavailable", async () => {
    const { client, calls } = harness([
      new TypeError("fetch failed"),
      new TypeError("fetch failed"),
      new TypeError("fetch failed"),
    ]);
    const result = await client.getItem("cll-abc123");
    expect(calls).toHaveLength(3);
    expect(!result.ok && result.error.code).toBe("UPSTREAM_UNAVAILABLE");
  });

  it("times out an attempt with its AbortSignal and does not retry a slow upstream", async () => {
    const hang = (init: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init.signal?.addEventListener("abort", () => reject(init.signal?.reason));
      });
    const { client, calls } = harness([hang, hang], { timeoutMs: 50 });
    const result = await client.getItem("cll-abc123");
    expect(calls).toHaveLength(1);
    expect(!result.ok && result.error.code).toBe("UPSTREAM_TIMEOUT");
    expect(!result.ok && result.error.status).toBe(504);
  });

  it("rejects malformed JSON and unexpected shapes as invalid responses", async () => {
    for (const body of ['{"data": {', JSON.stringify({ data: { id: "cll-1", kind: "call" } }), "[]"]) {
      const { client } = harness([json(body)]);
      const result = await client.getItem("cll-abc123");
      expect(!result.ok && result.error.code).toBe("UPSTREAM_INVALID_RESPONSE");
    }
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("3", 0)).toBe(3000);
    expect(parseRetryAfter("1.5", 0)).toBe(1500);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter("soon", 0)).toBeNull();
    expect(parseRetryAfter(null, 0)).toBeNull();
  });
});

describe("parseUpstreamError", () => {
  it("never throws and caps string lengths", () => {
    expect(parseUpstreamError("<html>")).toEqual({
      code: null,
      message: null,
      requestId: null,
      retryAfterSeconds: null,
    });
    expect(parseUpstreamError("null").code).toBeNull();
    expect(parseUpstreamError(JSON.stringify({ error: { code: "X".repeat(500) } })).code).toHaveLength(200);
    expect(
      parseUpstreamError(
        JSON.stringify({
          code: "API_KEY_INSUFFICIENT_SCOPE",
          details: [{ message: "required=CONTACTS_READ" }],
        }),
      ).message,
    ).toBe("required=CONTACTS_READ");
  });
});

describe("Allo client and the limiter", () => {
  /** A limiter that grants at once (or refuses) and records what it was asked and told. */
  function recordingLimiter(refuse?: { reason: "busy" | "deadline"; retryAfterMs: number }) {
    const asked: AcquireRequest[] = [];
    const outcomes: PermitOutcome[] = [];
    const limiter: RateLimiter = {
      async acquire(request) {
        asked.push(request);
        if (refuse) return { ok: false, ...refuse };
        return { ok: true, permit: { release: (outcome) => void outcomes.push(outcome) } };
      },
      pending: 0,
    };
    return { limiter, asked, outcomes };
  }

  function clientWith(limiter: RateLimiter, fetch: FetchLike, extra: Partial<AlloClientOptions> = {}) {
    let clock = 1_700_000_000_000;
    return createAlloClient({
      baseUrl: "https://api.example.test",
      apiKey: "ak_live_test_key",
      fetch,
      limiter,
      timeoutMs: 1000,
      deadlineMs: 10_000,
      sleep: async (ms) => void (clock += ms),
      now: () => clock,
      random: () => 0.5,
      ...extra,
    });
  }

  it("releases each permit when the headers arrive, with Allo's rate-limit facts", async () => {
    const { limiter, asked, outcomes } = recordingLimiter();
    let bodyReadAfterRelease = false;
    const fetch: FetchLike = async () => {
      // Nothing is produced before someone reads (highWaterMark 0).
      const body = new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            bodyReadAfterRelease = outcomes.length === 1;
            controller.enqueue(new TextEncoder().encode(JSON.stringify({ data: ITEM })));
            controller.close();
          },
        },
        { highWaterMark: 0 },
      );
      return new Response(body, {
        headers: { "x-ratelimit-remaining": "7", "x-ratelimit-reset": String(1_700_000_000 + 1) },
      });
    };
    const result = await clientWith(limiter, fetch).getItem("cll-abc123", { user: "u_alice" });
    expect(result.ok).toBe(true);
    expect(asked).toHaveLength(1);
    expect(asked[0]!.user).toBe("u_alice");
    expect(asked[0]!.maxWaitMs).toBe(10_000);
    expect(outcomes).toEqual([
      { kind: "response", status: 200, retryAfterMs: null, remaining: 7, resetInMs: 1000 },
    ]);
    expect(bodyReadAfterRelease).toBe(true);
  });

  it("within a retry budget, waits for a retry's permit only that long and answers the first failure", async () => {
    const asked: AcquireRequest[] = [];
    // The first attempt gets its permit; the retry would have to wait past the budget.
    const limiter: RateLimiter = {
      async acquire(request) {
        asked.push(request);
        if (asked.length === 1) return { ok: true, permit: { release: () => undefined } };
        return { ok: false, reason: "deadline", retryAfterMs: 900 };
      },
      pending: 0,
    };
    const fetch: FetchLike = async () => v2Error(503, "SERVICE_UNAVAILABLE");
    // random 0 → the first backoff is 100 ms, inside a 150 ms retry budget.
    const result = await clientWith(limiter, fetch, { random: () => 0 }).getItem("cll-abc123", {
      retryWithinMs: 150,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("UPSTREAM_UNAVAILABLE");
    expect(result.error.upstreamStatus).toBe(503);
    expect(result.attempts).toBe(1);
    expect(asked.map((request) => request.maxWaitMs)).toEqual([10_000, 50]);
  });

  it("without a retry budget, a retry waits for its permit up to the deadline", async () => {
    const asked: AcquireRequest[] = [];
    const limiter: RateLimiter = {
      async acquire(request) {
        asked.push(request);
        return { ok: true, permit: { release: () => undefined } };
      },
      pending: 0,
    };
    const script = [v2Error(503, "SERVICE_UNAVAILABLE"), json({ data: ITEM })];
    const result = await clientWith(limiter, async () => script.shift()!, { random: () => 0 }).getItem(
      "cll-abc123",
    );
    expect(result.ok).toBe(true);
    // 10 s deadline, minus the 100 ms backoff before the retry.
    expect(asked.map((request) => request.maxWaitMs)).toEqual([10_000, 9_900]);
  });

  it("reports a 429's Retry-After and a network failure to the limiter, one permit per attempt", async () => {
    const { limiter, outcomes } = recordingLimiter();
    const script: (Response | Error)[] = [
      new Response("{}", { status: 429, headers: { "retry-after": "2", "x-ratelimit-remaining": "0" } }),
      new TypeError("fetch failed"),
      json({ data: ITEM }),
    ];
    const fetch: FetchLike = async () => {
      const next = script.shift()!;
      if (next instanceof Error) throw next;
      return next;
    };
    const result = await clientWith(limiter, fetch).getItem("cll-abc123");
    expect(result.ok).toBe(true);
    expect(outcomes).toEqual([
      { kind: "response", status: 429, retryAfterMs: 2000, remaining: 0, resetInMs: null },
      { kind: "failed" },
      { kind: "response", status: 200, retryAfterMs: null, remaining: null, resetInMs: null },
    ]);
  });

  it("answers a refusal from the queue at once as 429 with the queue's Retry-After", async () => {
    const { limiter } = recordingLimiter({ reason: "busy", retryAfterMs: 4_200 });
    const result = await clientWith(limiter, async () => {
      throw new Error("must not be called");
    }).getItem("cll-abc123");
    expect(!result.ok && result.error.code).toBe("RATE_LIMIT_EXCEEDED");
    expect(!result.ok && result.error.retryAfterSeconds).toBe(5);
  });
});

describe("Allo client body cap", () => {
  const noLimiter: RateLimiter = {
    acquire: async () => ({ ok: true, permit: { release: () => undefined } }),
    pending: 0,
  };

  it("abandons a streamed body as soon as it passes the cap, without reading the rest", async () => {
    let produced = 0;
    let cancelled = false;
    const chunk = new Uint8Array(1024).fill(0x20);
    const fetch: FetchLike = async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            produced += chunk.byteLength;
            controller.enqueue(chunk);
          },
          cancel() {
            cancelled = true;
          },
        }),
      );
    const client = createAlloClient({
      baseUrl: "https://api.example.test",
      apiKey: "k",
      fetch,
      limiter: noLimiter,
      timeoutMs: 1000,
      deadlineMs: 5000,
      maxResponseBytes: 10 * 1024,
    });
    const result = await client.getItem("cll-abc123");
    expect(!result.ok && result.error.code).toBe("UPSTREAM_RESPONSE_TOO_LARGE");
    expect(!result.ok && result.error.status).toBe(502);
    expect(cancelled).toBe(true);
    // The cap plus what the stream had queued ahead, not the endless body.
    expect(produced).toBeLessThanOrEqual(12 * 1024);
  });

  it("refuses a declared Content-Length above the cap before reading, and passes one at the cap", async () => {
    const body = JSON.stringify({ data: ITEM });
    const { client: big } = harness([
      new Response(body, { headers: { "content-length": String(9 * 1024 * 1024) } }),
    ]);
    const refused = await big.getItem("cll-abc123");
    expect(!refused.ok && refused.error.code).toBe("UPSTREAM_RESPONSE_TOO_LARGE");
    const exact = createAlloClient({
      baseUrl: "https://api.example.test",
      apiKey: "k",
      fetch: async () => json(body),
      timeoutMs: 1000,
      deadlineMs: 5000,
      maxResponseBytes: new TextEncoder().encode(body).byteLength,
    });
    const accepted = await exact.getItem("cll-abc123");
    expect(accepted.ok && accepted.bodyBytes).toBe(new TextEncoder().encode(body).byteLength);
  });
});
