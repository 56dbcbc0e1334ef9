/**
 * The limiter's queue through the item route and lookups, against the fake Allo API over HTTP:
 * bounded (refused at once with Retry-After), cancellable (a load nobody waits for is dropped),
 * fair between users, and paused by Allo's 429. Evidence is counted, never timed: what the
 * fake saw, and in which order things finished.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FAULT_IDS } from "@/lib/allo/fake/faults";
import { startFakeAlloServer, type FakeAlloServer } from "@/lib/allo/fake/http-server";

const KEY = "ak_live_queue_test_e41b77";
let fake: FakeAlloServer;
let itemRoute: typeof import("@/app/api/items/[id]/route");
let items: typeof import("@/lib/server/items.server");

beforeAll(async () => {
  fake = await startFakeAlloServer({ apiKey: KEY, rateLimitPerSecond: 20, latencyMs: 20 });
  Object.assign(process.env, {
    ALLO_API_KEY: KEY,
    ALLO_API_BASE_URL: fake.url,
    // Each lookup may take 2 × 1.5 s + 1 s = 4 s in all.
    ALLO_REQUEST_TIMEOUT_MS: "1500",
    AUTH_MODE: "none",
    // Behind an SSO proxy on this machine: loopback needs no proxy secret.
    HOSTNAME: "127.0.0.1",
    LOG_LEVEL: "warn",
  });
  itemRoute = await import("@/app/api/items/[id]/route");
  items = await import("@/lib/server/items.server");
});

afterAll(async () => {
  await fake?.close();
});

beforeEach(() => fake.fake.resetStats());

function getItem(id: string, signal?: AbortSignal) {
  const request = new Request(`http://127.0.0.1/api/items/${encodeURIComponent(id)}`, { signal });
  return itemRoute.GET(request, { params: Promise.resolve({ id }) });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

describe("the limiter's queue", () => {
  it("serves one user's 5 lookups in turn with another's 60, not after them", async () => {
    const finished: string[] = [];
    const lookup = (user: string, i: number) =>
      items
        .lookupItem(`cll-fair-${user}-${i}`, { extendTranscript: false, user })
        .then(() => void finished.push(user));
    const heavy = Array.from({ length: 60 }, (_, i) => lookup("u_heavy", i));
    await new Promise((resolve) => setImmediate(resolve));
    const light = Array.from({ length: 5 }, (_, i) => lookup("u_light", i));
    await Promise.all([...heavy, ...light]);
    const lightDone = finished.flatMap((user, i) => (user === "u_light" ? [i] : []));
    expect(lightDone).toHaveLength(5);
    // First-in, first-out would finish them 61st to 65th; in turn, they finish among the first 35.
    expect(Math.max(...lightDone)).toBeLessThan(35);
    expect(fake.fake.stats.rateLimited).toBe(0);
  });

  it("answers a burst it cannot serve within the deadline at once, with 429 and a Retry-After from the queue", async () => {
    const started = performance.now();
    const ids = Array.from({ length: 400 }, (_, i) => `cll-flood-${i}`);
    const outcomes = await Promise.all(
      ids.map(async (id) => {
        const response = await getItem(id);
        // How far Allo had got when this caller had its answer: a count, not a clock.
        return {
          status: response.status,
          retryAfter: Number(response.headers.get("retry-after") ?? 0),
          upstreamSoFar: fake.fake.stats.arrivals.length,
          waitedMs: performance.now() - started,
        };
      }),
    );
    const refused = outcomes.filter((outcome) => outcome.status === 429);
    const served = outcomes.filter((outcome) => outcome.status === 404);
    console.log(
      `400 distinct ids: ${served.length} served (median wait ${Math.round(median(served.map((o) => o.waitedMs)))} ms), ${refused.length} refused at once (median wait ${Math.round(median(refused.map((o) => o.waitedMs)))} ms, Retry-After ${Math.min(...refused.map((o) => o.retryAfter))}–${Math.max(...refused.map((o) => o.retryAfter))} s)`,
    );
    expect(served.length + refused.length).toBe(400);
    expect(served.length).toBeGreaterThanOrEqual(20);
    // Answered at once: before Allo had seen more than the first window's requests. (A caller
    // admitted on an estimate that a starved machine then missed is refused at its deadline
    // instead; at most the admitted ones can be, never the bulk of the burst.)
    const atOnce = refused.filter((outcome) => outcome.upstreamSoFar <= 20);
    expect(atOnce.length).toBeGreaterThanOrEqual(400 - 100);
    for (const outcome of atOnce) {
      // Not before the queue it could not join has drained: at least the 4 s deadline.
      expect(outcome.retryAfter).toBeGreaterThanOrEqual(4);
      expect(outcome.retryAfter).toBeLessThanOrEqual(10);
    }
    for (const outcome of refused) expect(outcome.retryAfter).toBeGreaterThanOrEqual(1);
    // Nobody refused was sent upstream, and Allo never had to say 429.
    expect(fake.fake.stats.itemRequests).toBe(served.length);
    expect(fake.fake.stats.rateLimited).toBe(0);
  });

  it("sends nothing to Allo while its Retry-After runs, and says so at once", async () => {
    // Allo answers 429 with Retry-After 5 s: more than this lookup's deadline, so the caller gets
    // the 429 at once, and the limiter holds every other caller of the key for those 5 s.
    const limited = await getItem(FAULT_IDS.rateLimitedLong);
    expect(limited.status).toBe(429);
    expect(fake.fake.stats.arrivals).toHaveLength(1);
    const next = await getItem("cll-after-429");
    expect(next.status).toBe(429);
    expect(Number(next.headers.get("retry-after"))).toBeGreaterThanOrEqual(4);
    expect(fake.fake.stats.arrivals).toHaveLength(1);
    expect(fake.fake.stats.byId["cll-after-429"]).toBeUndefined();
  });
});
