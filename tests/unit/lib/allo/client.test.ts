import { describe, expect, it } from "vitest";
import {
  createAlloClient,
  parseRetryAfter,
  parseUpstreamError,
  type FetchLike,
} from "@/lib/allo/client.server";

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
