/**
 * Route handlers against the fake Allo API served over real HTTP on loopback.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FAULT_IDS } from "@/lib/allo/fake/faults";
import { startFakeAlloServer, type FakeAlloServer } from "@/lib/allo/fake/http-server";

const KEY = "ak_live_route_test_5b8e1d";
let fake: FakeAlloServer;
let itemRoute: typeof import("@/app/api/items/[id]/route");
let recordingRoute: typeof import("@/app/api/items/[id]/recording/route");

// Fault injection must never leave a promise rejection unhandled in the server process.
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  fake = await startFakeAlloServer({ apiKey: KEY, summaryDelayMs: 60_000, slowMs: 10_000 });
  process.env.ALLO_API_KEY = KEY;
  process.env.ALLO_API_BASE_URL = fake.url;
  process.env.ALLO_REQUEST_TIMEOUT_MS = "1500";
  // Sign-in is covered by e2e-auth; here the routes run as if behind an SSO proxy on this
  // machine (AUTH_MODE=none beyond loopback would need the proxy's secret).
  process.env.AUTH_MODE = "none";
  process.env.HOSTNAME = "127.0.0.1";
  itemRoute = await import("@/app/api/items/[id]/route");
  recordingRoute = await import("@/app/api/items/[id]/recording/route");
});

afterAll(async () => {
  await fake.close();
  process.off("unhandledRejection", onUnhandled);
  expect(unhandled).toEqual([]);
});

beforeEach(() => fake.fake.resetStats());

function getItem(id: string, query = "", headers: Record<string, string> = {}) {
  const request = new Request(`http://127.0.0.1/api/items/${encodeURIComponent(id)}${query}`, { headers });
  return itemRoute.GET(request, { params: Promise.resolve({ id }) });
}

function getRecording(id: string, headers: Record<string, string> = {}) {
  const request = new Request(`http://127.0.0.1/api/items/${encodeURIComponent(id)}/recording`, { headers });
  return recordingRoute.GET(request, { params: Promise.resolve({ id }) });
}

async function expectNoKey(response: Response) {
  const text = await response.clone().text();
  expect(text).not.toContain(KEY);
  for (const [, value] of response.headers) expect(value).not.toContain(KEY);
  expect(text).not.toContain(fake.url);
  expect(text).not.toMatch(/\bat .+\.(ts|js):\d+/);
}

describe("GET /api/items/{id}", () => {
  it("returns the item with its transcript, privately cached", async () => {
    const response = await getItem("cll-demo-billing", "?extend=transcript");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toContain("private");
    expect(response.headers.get("x-request-id")).toMatch(/^req_/);
    const body = (await response.json()) as {
      data: { id: string; transcript: unknown[]; contacts: unknown[] };
    };
    expect(body.data.id).toBe("cll-demo-billing");
    expect(body.data.transcript.length).toBeGreaterThan(5);
    await expectNoKey(await getItem("cll-demo-billing", "?extend=transcript"));
  });

  it("omits the transcript unless asked", async () => {
    const body = (await (await getItem("cll-demo-billing")).json()) as { data: { transcript: unknown } };
    expect(body.data.transcript).toBeNull();
  });

  it.each(["not-an-id", "cll-", "usr-123", "cll-../../etc", `cll-${"x".repeat(80)}`, "cll-a b", "msg-%00"])(
    "rejects %j with 400 INVALID_ITEM_ID before any upstream call",
    async (id) => {
      const response = await getItem(id);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("INVALID_ITEM_ID");
      expect(fake.fake.stats.itemRequests).toBe(0);
    },
  );

  it.each(["?extend=tags", "?extend=", "?extend=transcript,tags", "?extend=transcript&extend=transcript"])(
    "rejects %s with 400 UNSUPPORTED_EXTEND_VALUE before any upstream call",
    async (query) => {
      const response = await getItem("cll-demo-billing", query);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        "UNSUPPORTED_EXTEND_VALUE",
      );
      expect(fake.fake.stats.itemRequests).toBe(0);
    },
  );

  it.each([
    [FAULT_IDS.notFound, 404, "CONVERSATION_ITEM_NOT_FOUND"],
    [FAULT_IDS.unauthorized, 502, "UPSTREAM_AUTH_REJECTED"],
    [FAULT_IDS.forbidden, 502, "UPSTREAM_AUTH_REJECTED"],
    [FAULT_IDS.serverError, 502, "UPSTREAM_UNAVAILABLE"],
    [FAULT_IDS.badGateway, 502, "UPSTREAM_UNAVAILABLE"],
    [FAULT_IDS.connectionReset, 502, "UPSTREAM_UNAVAILABLE"],
    [FAULT_IDS.slow, 504, "UPSTREAM_TIMEOUT"],
    [FAULT_IDS.malformedJson, 502, "UPSTREAM_INVALID_RESPONSE"],
    [FAULT_IDS.unexpectedShape, 502, "UPSTREAM_INVALID_RESPONSE"],
  ])("maps upstream fault %s to %i %s in the v2 envelope", async (id, status, code) => {
    const response = await getItem(id, "?extend=transcript");
    expect(response.status).toBe(status);
    const body = (await response.json()) as {
      error: { code: string; request_id: string; retryable: boolean };
    };
    expect(body.error.code).toBe(code);
    expect(body.error.request_id).toMatch(/^req_/);
    await expectNoKey(await getItem(id));
  });

  it("keeps the upstream code when Allo rejects the key", async () => {
    const body = (await (await getItem(FAULT_IDS.forbidden)).json()) as {
      error: { upstream_code: string; upstream_status: number };
    };
    expect(body.error.upstream_code).toBe("API_KEY_INSUFFICIENT_SCOPE");
    expect(body.error.upstream_status).toBe(403);
  });

  it("passes a persistent 429 on with Retry-After", async () => {
    const response = await getItem(FAULT_IDS.rateLimited);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("1");
  });

  it("reports a wrong dashboard key as 502 UPSTREAM_AUTH_REJECTED, not 401", async () => {
    const { createAlloClient } = await import("@/lib/allo/client.server");
    const client = createAlloClient({
      baseUrl: fake.url,
      apiKey: "ak_live_wrong",
      timeoutMs: 1000,
      deadlineMs: 2000,
    });
    const result = await client.getItem("cll-demo-billing");
    expect(!result.ok && result.error.code).toBe("UPSTREAM_AUTH_REJECTED");
    expect(!result.ok && result.error.upstreamCode).toBe("API_KEY_INVALID");
  });

  it("answers a body above the cap with 502 UPSTREAM_RESPONSE_TOO_LARGE, without keeping it", async () => {
    const response = await getItem(FAULT_IDS.hugeBody, "?extend=transcript");
    expect(response.status).toBe(502);
    const body = (await response.json()) as { error: { code: string; retryable: boolean } };
    expect(body.error.code).toBe("UPSTREAM_RESPONSE_TOO_LARGE");
    expect(body.error.retryable).toBe(false);
    // Not cached either: the next open asks Allo again (and is refused again).
    expect((await getItem(FAULT_IDS.hugeBody)).status).toBe(502);
    expect(fake.fake.stats.byId[FAULT_IDS.hugeBody]).toBe(2);
  });

  it("tolerates drift in a success body", async () => {
    const response = await getItem(FAULT_IDS.tolerableDrift, "?extend=transcript");
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { result: string; type: string } };
    expect(body.data.result).toBe("FORWARDED_TO_MOBILE");
  });
});

describe("request logs", () => {
  it("write one JSON line per request with ids, status, upstream status, latency and cache outcome, and no secrets or content", async () => {
    const { createLogger } = await import("@/lib/server/logger.server");
    const lines: string[] = [];
    const holder = globalThis as typeof globalThis & { __callviewLogger?: unknown };
    const previous = holder.__callviewLogger;
    holder.__callviewLogger = createLogger({ write: (line: string) => void lines.push(line) });
    try {
      await getItem("cll-demo-onboarding", "?extend=transcript", {
        authorization: `Api-Key ${KEY}`,
        cookie: "session=secret",
      });
      await getItem("cll-demo-onboarding", "?extend=transcript");
      await getItem("not-an-id");
      await getItem(FAULT_IDS.serverError);
    } finally {
      holder.__callviewLogger = previous;
    }
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const requests = records.filter((record) => record.msg === "request");
    expect(requests).toHaveLength(4);
    expect(requests[0]).toMatchObject({
      route: "/api/items/[id]",
      method: "GET",
      status: 200,
      cache: "miss",
      upstreamStatus: 200,
      itemId: "cll-demo-onboarding",
    });
    expect(requests[1]).toMatchObject({ status: 200, cache: "hit" });
    expect(requests[2]).toMatchObject({ status: 400 });
    expect(requests[3]).toMatchObject({
      status: 502,
      errorCode: "UPSTREAM_UNAVAILABLE",
      upstreamStatus: 500,
    });
    for (const record of requests) {
      expect(record.requestId).toMatch(/^req_/);
      expect(typeof record.latencyMs).toBe("number");
    }
    expect(records.some((record) => record.msg === "allo lookup" && record.upstreamStatus === 200)).toBe(
      true,
    );
    const all = lines.join("\n");
    expect(all).not.toContain(KEY);
    expect(all).not.toContain("session=secret");
    expect(all).not.toContain("Sakura Logistics");
    expect(all).not.toContain("porting");
  });
});

describe("protecting the upstream", () => {
  it("answers a burst of 100 simultaneous opens of one item with one upstream call", async () => {
    const responses = await Promise.all(
      Array.from({ length: 100 }, () => getItem("cll-demo-voicemail", "?extend=transcript")),
    );
    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(fake.fake.stats.byId["cll-demo-voicemail"]).toBe(1);
  });

  it("queues instead of provoking 429s when many distinct items are asked at once", async () => {
    const ids = Array.from({ length: 45 }, (_, i) => `cll-burst-${i}`);
    const responses = await Promise.all(ids.map((id) => getItem(id)));
    // Unknown ids: every one is a real upstream 404, none a 429.
    expect(responses.map((response) => response.status)).toEqual(ids.map(() => 404));
    expect(fake.fake.stats.rateLimited).toBe(0);
    expect(fake.fake.stats.peakPerSecond).toBeLessThanOrEqual(20);
    expect(fake.fake.stats.itemRequests).toBe(45);
  });
});

describe("GET /api/items/{id}/recording", () => {
  it("answers a Range request with 206 and exactly the bytes asked for", async () => {
    const response = await getRecording("cll-demo-billing", { range: "bytes=0-99" });
    expect(response.status).toBe(206);
    expect(response.headers.get("content-type")).toBe("audio/mpeg");
    expect(response.headers.get("accept-ranges")).toBe("bytes");
    expect(response.headers.get("content-range")).toMatch(/^bytes 0-99\/\d+$/);
    expect((await response.arrayBuffer()).byteLength).toBe(100);
  });

  it("serves the whole file without a Range, and seeks deep into a long synthetic recording", async () => {
    const whole = await getRecording("cll-demo-billing");
    expect(whole.status).toBe(200);
    const size = (await whole.arrayBuffer()).byteLength;
    expect(size).toBeGreaterThan(100_000);

    const deep = await getRecording("cll-demo-long", { range: "bytes=19999872-20000015" });
    expect(deep.status).toBe(206);
    const frame = new Uint8Array(await deep.arrayBuffer());
    expect(frame.byteLength).toBe(144);
    // Every 144-byte frame of the loop starts with an MPEG audio sync word.
    expect(frame[0]).toBe(0xff);
    expect((frame[1] ?? 0) & 0xe0).toBe(0xe0);
  });

  it("sends audio no-store, so call audio never stays in the browser's disk cache after sign-out", async () => {
    const requests: Record<string, string>[] = [{}, { range: "bytes=0-99" }];
    for (const headers of requests) {
      const response = await getRecording("cll-demo-billing", headers);
      expect(response.status).toBeLessThan(300);
      const cacheControl = response.headers.get("cache-control") ?? "";
      expect(cacheControl).toContain("no-store");
      expect(cacheControl).not.toMatch(/max-age/);
      await response.body?.cancel();
    }
  });

  it("answers 416 for a range past the end", async () => {
    const response = await getRecording("cll-demo-billing", { range: "bytes=999999999-" });
    expect(response.status).toBe(416);
  });

  it("explains why there is no recording", async () => {
    const missed = await getRecording("cll-demo-missed");
    expect(missed.status).toBe(404);
    const body = (await missed.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("RECORDING_NOT_AVAILABLE");
    expect(body.error.message).toMatch(/not answered/);
    const off = (await (await getRecording("cll-demo-no-recording")).json()) as {
      error: { message: string };
    };
    expect(off.error.message).toMatch(/turned off/);
    expect((await getRecording("msg-demo-inbound")).status).toBe(404);
  });

  it("validates the id before any upstream call", async () => {
    const response = await getRecording("../../etc/passwd");
    expect(response.status).toBe(400);
    expect(fake.fake.stats.itemRequests + fake.fake.stats.recordingRequests).toBe(0);
  });

  it("sends the key only to the API's own origin", async () => {
    const { isAllowedRecordingUrl } = await import("@/lib/server/recording.server");
    // Plain http only where the allow-list names the scheme; a bare host[:port] means https.
    const hosts = ["storage.withallo.com", "http://127.0.0.1:4010"];
    expect(isAllowedRecordingUrl("https://storage.withallo.com/recordings/a.mp3", hosts)).not.toBeNull();
    expect(isAllowedRecordingUrl("http://127.0.0.1:4010/recordings/a.mp3", hosts)).not.toBeNull();
    expect(isAllowedRecordingUrl("http://storage.withallo.com/recordings/a.mp3", hosts)).toBeNull();
    expect(isAllowedRecordingUrl("https://127.0.0.1:4010/recordings/a.mp3", hosts)).toBeNull();
    expect(isAllowedRecordingUrl("http://127.0.0.1:4010/a.mp3", ["127.0.0.1:4010"])).toBeNull();
    expect(isAllowedRecordingUrl("https://127.0.0.1:4010/a.mp3", ["127.0.0.1:4010"])).not.toBeNull();
    expect(isAllowedRecordingUrl("https://evil.example.com/a.mp3", hosts)).toBeNull();
    expect(isAllowedRecordingUrl("https://storage.withallo.com.evil.com/a.mp3", hosts)).toBeNull();
    expect(isAllowedRecordingUrl("file:///etc/passwd", hosts)).toBeNull();
    expect(isAllowedRecordingUrl("https://user:pw@storage.withallo.com/a.mp3", hosts)).toBeNull();
    expect(isAllowedRecordingUrl("http://127.0.0.1:9999/recordings/a.mp3", hosts)).toBeNull();
  });
});

describe("fake Allo API contract", () => {
  it("accepts both Authorization forms and refuses a wrong or missing key", async () => {
    const url = `${fake.url}/v2/api/conversations/items/cll-demo-billing`;
    expect((await fetch(url, { headers: { authorization: `Api-Key ${KEY}` } })).status).toBe(200);
    expect((await fetch(url, { headers: { authorization: KEY } })).status).toBe(200);
    const wrong = await fetch(url, { headers: { authorization: "Api-Key nope" } });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe("API_KEY_INVALID");
    const missing = await fetch(url);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("UNAUTHORIZED");
  });

  it("sends rate-limit headers and 429 with Retry-After over the limit", async () => {
    const limited = await startFakeAlloServer({ apiKey: KEY, rateLimitPerSecond: 3 });
    try {
      const url = `${limited.url}/v2/api/conversations/items/cll-demo-billing`;
      const statuses: number[] = [];
      let last: Response | null = null;
      // Stay inside one one-second window: wait for the start of the next second first.
      await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5));
      for (let i = 0; i < 5; i++) {
        last = await fetch(url, { headers: { authorization: `Api-Key ${KEY}` } });
        statuses.push(last.status);
        if (i === 0) expect(last.headers.get("x-ratelimit-limit")).toBe("3");
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect(last?.headers.get("retry-after")).toBe("1");
      expect(last?.headers.get("x-ratelimit-remaining")).toBe("0");
      expect(limited.fake.stats.rateLimited).toBe(2);
    } finally {
      await limited.close();
    }
  });

  it("validates extend and the id prefix like Allo", async () => {
    const headers = { authorization: `Api-Key ${KEY}` };
    const extend = await fetch(`${fake.url}/v2/api/conversations/items/cll-demo-billing?extend=tags`, {
      headers,
    });
    expect(((await extend.json()) as { error: { code: string } }).error.code).toBe(
      "UNSUPPORTED_EXTEND_VALUE",
    );
    const prefix = await fetch(`${fake.url}/v2/api/conversations/items/abc-123`, { headers });
    expect(((await prefix.json()) as { error: { code: string } }).error.code).toBe("INVALID_ITEM_ID");
  });

  it("holds back the pending call's summary until its delay has passed", async () => {
    let now = 1_000_000;
    const { createFakeAllo } = await import("@/lib/allo/fake/fake-allo");
    const local = createFakeAllo({
      apiKey: KEY,
      publicUrl: "http://fake",
      summaryDelayMs: 5000,
      now: () => now,
    });
    const read = async () => {
      const response = await local.fetch("http://fake/v2/api/conversations/items/cll-demo-pending", {
        headers: { authorization: KEY },
      });
      return ((await response.json()) as { data: { summary: string | null } }).data.summary;
    };
    expect(await read()).toBeNull();
    now += 5001;
    expect(await read()).toMatch(/Bluebird/);
  });

  it("seeds at least 14 items covering every documented case", async () => {
    const items = fake.fake.items.map((entry) => entry.item);
    expect(items.length).toBeGreaterThanOrEqual(14);
    const calls = items.filter((item) => item.id.startsWith("cll-"));
    expect(
      calls.some((item) => item.direction === "INBOUND" && item.result === "ANSWERED" && item.summary),
    ).toBe(true);
    expect(
      calls.some((item) => item.direction === "OUTBOUND" && item.result === "ANSWERED" && item.summary),
    ).toBe(true);
    expect(calls.some((item) => item.result === "VOICEMAIL")).toBe(true);
    expect(calls.some((item) => item.result === "MISSED" && item.recording_url === null)).toBe(true);
    expect(
      calls.some(
        (item) =>
          item.recording_url === null && (item.transcript?.length ?? 0) > 0 && item.result === "ANSWERED",
      ),
    ).toBe(true);
    const sources = new Set(
      calls.flatMap((item) => (item.transcript ?? []).map((segment) => segment.source)),
    );
    for (const source of ["USER", "AGENT", "EXTERNAL"]) expect(sources).toContain(source);
    expect([...sources].some((source) => !["USER", "AGENT", "EXTERNAL"].includes(source))).toBe(true);
    expect(
      items.some(
        (item) => (item.contacts?.length ?? 0) >= 2 && item.contacts?.some((c) => c.company === null),
      ),
    ).toBe(true);
    expect(
      items.some((item) =>
        item.contacts?.some((c) => c.deals?.some((d) => d.status && d.status === d.status.toLowerCase())),
      ),
    ).toBe(true);
    expect(items.some((item) => Array.isArray(item.contacts) && item.contacts.length === 0)).toBe(true);
    expect(items.some((item) => item.user === null)).toBe(true);
    const long = calls.find((item) => (item.duration ?? 0) >= 90 * 60);
    expect(long?.transcript?.length).toBeGreaterThanOrEqual(1500);
    const messages = items.filter((item) => item.id.startsWith("msg-"));
    expect(messages.some((item) => item.direction === "INBOUND")).toBe(true);
    expect(messages.some((item) => item.direction === "OUTBOUND")).toBe(true);
    expect(messages.some((item) => item.message_type === "MMS")).toBe(true);
    expect(JSON.stringify(items)).toMatch(/[\u0590-\u05FF\u0600-\u06FF]/);
    expect(JSON.stringify(items)).toContain("<script>");
  });
});

describe("in-process fake (demo mode transport)", () => {
  it("rejects like real fetch when the caller aborts, so a slow upstream times out", async () => {
    const { createFakeAllo } = await import("@/lib/allo/fake/fake-allo");
    const { createAlloClient } = await import("@/lib/allo/client.server");
    const local = createFakeAllo({ apiKey: KEY, publicUrl: "http://fake", slowMs: 5_000 });
    const client = createAlloClient({
      baseUrl: "http://fake",
      apiKey: KEY,
      fetch: local.fetch,
      timeoutMs: 200,
      deadlineMs: 1_000,
    });
    const result = await client.getItem(FAULT_IDS.slow);
    expect(!result.ok && result.error.code).toBe("UPSTREAM_TIMEOUT");
    const reset = await client.getItem(FAULT_IDS.connectionReset);
    expect(!reset.ok && reset.error.code).toBe("UPSTREAM_UNAVAILABLE");
  });
});
