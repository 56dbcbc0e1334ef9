/**
 * The one place that turns configuration into an Allo client. With no ALLO_API_KEY the
 * client talks to the in-process fake (demo mode) through the very same code path.
 */
import "server-only";
import { createAlloClient, type AlloClient, type FetchLike } from "@/lib/allo/client.server";
import { createFakeAllo, type FakeAllo } from "@/lib/allo/fake/fake-allo";
import type { RateLimiter } from "@/lib/concurrency/rate-limiter";
import { serverEnv } from "./env.server";
import type { ItemLookupCache } from "./item-cache.server";
import { createAlloLimiter, createItemLookupCache } from "./shared-state.server";

/** A reserved, never-resolvable origin (RFC 2606) so demo recording URLs cannot leave the process. */
const DEMO_ORIGIN = "https://demo-allo.invalid";
const DEMO_KEY = "demo-key-not-secret";

type AlloRuntime = {
  client: AlloClient;
  /** Upstream lookups always ask for the transcript, so one cached entry serves every caller. */
  items: ItemLookupCache;
  fetch: FetchLike;
  apiKey: string;
  apiOrigin: string;
  /** Shared by the client and by recording fetches that go to the API's own origin. */
  limiter: RateLimiter;
  /** Writes (tag changes) and searches, within Allo's write limit (ALLO_MAX_WRITES_PER_SECOND). */
  writeLimiter: RateLimiter;
  demo: FakeAllo | null;
};

// Kept on globalThis so dev-mode module reloads reuse one fake (its "started at" drives the
// pending-summary demo) instead of creating a new one on every edit.
const globalForAllo = globalThis as typeof globalThis & { __callviewAllo?: AlloRuntime };

export function alloRuntime(): AlloRuntime {
  if (globalForAllo.__callviewAllo) return globalForAllo.__callviewAllo;
  const env = serverEnv();
  let runtime: AlloRuntime;
  // One limiter for every attempt against Allo's API: per process, or shared by every instance
  // with CALLVIEW_REDIS_URL (./shared-state.server.ts). A permit is held until its response is
  // back plus one window, which bounds arrivals at Allo however late a request leaves (proof in
  // lib/concurrency/permit-limiter.ts).
  const limiter = createAlloLimiter("reads", env.alloApiKey ?? DEMO_KEY);
  // Writes have a budget of their own at Allo; searches are POSTs and are assumed to count as
  // writes (docs/allo-api.md, "Rate limits").
  const writeLimiter = createAlloLimiter("writes", env.alloApiKey ?? DEMO_KEY);
  if (env.demoMode) {
    const demo = createFakeAllo({
      apiKey: DEMO_KEY,
      publicUrl: DEMO_ORIGIN,
      summaryDelayMs: env.demoSummaryDelaySeconds * 1000,
      // Demo mode must never be throttled by its own fake.
      rateLimitPerSecond: Number.MAX_SAFE_INTEGER,
      writeRateLimitPerSecond: Number.MAX_SAFE_INTEGER,
    });
    const client = createAlloClient({
      baseUrl: DEMO_ORIGIN,
      apiKey: DEMO_KEY,
      fetch: demo.fetch,
      timeoutMs: env.requestTimeoutMs,
      deadlineMs: env.requestDeadlineMs,
      limiter,
      writeLimiter,
      maxResponseBytes: env.maxResponseBytes,
    });
    runtime = {
      demo,
      apiKey: DEMO_KEY,
      apiOrigin: DEMO_ORIGIN,
      fetch: demo.fetch,
      client,
      limiter,
      writeLimiter,
      items: withItemCache(client),
    };
  } else {
    const apiKey = env.alloApiKey!;
    const fetchReal: FetchLike = (input, init) => fetch(input, init);
    const client = createAlloClient({
      baseUrl: env.alloApiBaseUrl,
      apiKey,
      fetch: fetchReal,
      timeoutMs: env.requestTimeoutMs,
      deadlineMs: env.requestDeadlineMs,
      limiter,
      writeLimiter,
      maxResponseBytes: env.maxResponseBytes,
    });
    runtime = {
      demo: null,
      apiKey,
      apiOrigin: new URL(env.alloApiBaseUrl).origin,
      fetch: fetchReal,
      client,
      limiter,
      writeLimiter,
      items: withItemCache(client),
    };
  }
  globalForAllo.__callviewAllo = runtime;
  return runtime;
}

function withItemCache(client: AlloClient): ItemLookupCache {
  return createItemLookupCache((id, { requestId, user, signal, retryWithinMs }) =>
    client.getItem(id, { extendTranscript: true, requestId, user, signal, retryWithinMs }),
  );
}

/** Demo-mode recording hosts: the reserved demo origin only. */
export function allowedRecordingHosts(): string[] {
  const env = serverEnv();
  return env.demoMode ? [new URL(DEMO_ORIGIN).host] : env.recordingHosts;
}
