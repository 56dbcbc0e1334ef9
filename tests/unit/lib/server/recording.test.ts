import { describe, expect, it } from "vitest";
import type { FetchLike } from "@/lib/allo/client.server";
import { alloItemSchema } from "@/lib/allo/schemas";
import { createConcurrencyCap } from "@/lib/concurrency/concurrency-cap";
import type { AcquireRequest, PermitOutcome, RateLimiter } from "@/lib/concurrency/rate-limiter";
import { streamRecordingWith, type RecordingDeps } from "@/lib/server/recording.server";

const API = "https://api.allo.test";
const STORAGE = "https://storage.allo.test";

function harness(recordingUrl: string, answers: Record<string, () => Response>) {
  const asked: AcquireRequest[] = [];
  const outcomes: PermitOutcome[] = [];
  const fetched: { url: string; authorization: string | null }[] = [];
  const limiter: RateLimiter = {
    async acquire(request) {
      asked.push(request);
      return { ok: true, permit: { release: (outcome) => void outcomes.push(outcome) } };
    },
    pending: 0,
  };
  const fetch: FetchLike = async (url, init) => {
    fetched.push({ url, authorization: new Headers(init.headers).get("authorization") });
    const answer = answers[url];
    if (!answer) throw new TypeError("fetch failed");
    return answer();
  };
  const item = alloItemSchema.parse({
    id: "cll-1",
    type: "CALL",
    direction: "INBOUND",
    date: "2026-11-24T11:58:00Z",
    recording_url: recordingUrl,
  });
  const deps: RecordingDeps = {
    lookup: async () => ({
      ok: true,
      item,
      requestId: "req_1",
      attempts: 1,
      upstreamStatus: 200,
      cache: "hit",
    }),
    fetch,
    apiOrigin: API,
    apiKey: "ak_live_secret",
    allowedHosts: ["api.allo.test", "storage.allo.test"],
    limiter,
    streams: createConcurrencyCap({ total: 10, perKey: 10 }),
    headersTimeoutMs: 1000,
    idleTimeoutMs: 1000,
    limiterWaitMs: 3000,
  };
  const run = () =>
    streamRecordingWith(
      deps,
      "cll-1",
      new Request("http://127.0.0.1/api/items/cll-1/recording"),
      "req_1",
      "u_a",
    );
  return { run, asked, outcomes, fetched };
}

const audio = () => new Response(new Uint8Array(10), { headers: { "content-type": "audio/mpeg" } });

describe("recording reads against the limiter", () => {
  it("takes a read permit for a keyed request to the API's origin, and reports Allo's answer", async () => {
    const { run, asked, outcomes, fetched } = harness(`${API}/recordings/a.mp3`, {
      [`${API}/recordings/a.mp3`]: () =>
        new Response(new Uint8Array(10), {
          headers: { "content-type": "audio/mpeg", "x-ratelimit-remaining": "3", "x-ratelimit-reset": "1" },
        }),
    });
    const response = await run();
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    expect(asked).toEqual([{ maxWaitMs: 3000, signal: expect.any(AbortSignal), user: "u_a" }]);
    expect(outcomes).toEqual([
      { kind: "response", status: 200, retryAfterMs: null, remaining: 3, resetInMs: 1000 },
    ]);
    expect(fetched[0]!.authorization).toBe("Api-Key ak_live_secret");
  });

  it("takes no permit and sends no key for storage, and one permit per API hop of a redirect", async () => {
    const storage = harness(`${STORAGE}/a.mp3`, { [`${STORAGE}/a.mp3`]: audio });
    expect((await storage.run()).status).toBe(200);
    expect(storage.asked).toHaveLength(0);
    expect(storage.fetched[0]!.authorization).toBeNull();

    const hop = harness(`${STORAGE}/b.mp3`, {
      [`${STORAGE}/b.mp3`]: () =>
        new Response(null, { status: 302, headers: { location: `${API}/recordings/b.mp3` } }),
      [`${API}/recordings/b.mp3`]: audio,
    });
    expect((await hop.run()).status).toBe(200);
    expect(hop.asked).toHaveLength(1);
    expect(hop.fetched.map((f) => f.authorization)).toEqual([null, "Api-Key ak_live_secret"]);
  });

  it("reports a failed keyed request as failed, so its permit cools for longer", async () => {
    const { run, outcomes } = harness(`${API}/recordings/gone.mp3`, {});
    const response = await run();
    expect(response.status).toBe(502);
    expect(outcomes).toEqual([{ kind: "failed" }]);
  });
});
