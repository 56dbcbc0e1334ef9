/**
 * Item lookups for route handlers and server components. Every caller goes through the
 * per-process cache (coalescing bursts) and the rate limiter inside the client.
 */
import "server-only";
import type { AlloResult } from "@/lib/allo/client.server";
import type { AlloItem } from "@/lib/allo/schemas";
import type { PublicItem } from "@/lib/items/public-item";
import { alignSummary } from "@/lib/summary-evidence/align.server";
import { alloRuntime } from "./allo.server";
import type { CacheOutcome } from "./item-cache.server";
import { logger } from "./logger.server";

export type ItemLookup = {
  extendTranscript: boolean;
  requestId?: string;
  /** This caller giving up (the browser went away); a shared load stops only when all its callers have. */
  signal?: AbortSignal;
  /** Fair-share key of the viewer (lib/server/user-key.server.ts); absent: the shared queue. */
  user?: string | null;
  /** Retry only within this window (a page answering within its first-paint budget). */
  retryWithinMs?: number;
};
export type ItemLookupResult = AlloResult & { cache: CacheOutcome };
export type PublicItemLookupResult =
  | (Extract<AlloResult, { ok: true }> & { item: PublicItem; cache: CacheOutcome })
  | (Extract<AlloResult, { ok: false }> & { cache: CacheOutcome });

/** Where the browser fetches an item's recording: always through this dashboard. */
function recordingPath(id: string): string {
  return `/api/items/${encodeURIComponent(id)}/recording`;
}

/** One public form per upstream item object: the cache hands the same object to every caller. */
const publicForms = new WeakMap<AlloItem, PublicItem>();

/**
 * The item as the browser may see it: Allo's shape, with `recording_url` replaced by the
 * dashboard's own streaming route so upstream storage URLs (possibly signed) never leave the
 * server, and the summary's evidence computed once per item version, not once per request.
 */
function toPublicItem(item: AlloItem): PublicItem {
  const known = publicForms.get(item);
  if (known) return known;
  const publicItem: PublicItem = {
    ...item,
    recording_url: item.recording_url ? recordingPath(item.id) : null,
    summary_evidence: alignSummary(item),
  };
  publicForms.set(item, publicItem);
  return publicItem;
}

/** For pages and the item API: the public item. */
export async function lookupItem(id: string, options: ItemLookup): Promise<PublicItemLookupResult> {
  return publicLookupResult(await lookupUpstreamItem(id, options));
}

/** An upstream lookup's result as pages and the item API may show it (CPU work only: no I/O). */
export function publicLookupResult(result: ItemLookupResult): PublicItemLookupResult {
  return result.ok ? { ...result, item: toPublicItem(result.item) } : result;
}

/** Server-internal: the item as Allo sent it, including the real recording URL. */
export async function lookupUpstreamItem(id: string, options: ItemLookup): Promise<ItemLookupResult> {
  const started = performance.now();
  const { result, outcome } = await alloRuntime().items.get(id, {
    requestId: options.requestId,
    user: options.user,
    signal: options.signal,
    retryWithinMs: options.retryWithinMs,
  });
  if (outcome === "miss") {
    // One line per real upstream call: what Allo answered and how long it took.
    logger().info(
      {
        requestId: options.requestId,
        itemId: id,
        upstreamStatus: result.ok ? result.upstreamStatus : result.error.upstreamStatus,
        upstreamRequestId: result.ok ? result.requestId : result.error.requestId,
        errorCode: result.ok ? undefined : result.error.code,
        attempts: result.attempts,
        latencyMs: Math.round(performance.now() - started),
      },
      "allo lookup",
    );
  }
  if (!result.ok) {
    // Cached errors carry the request id of the call that produced them; say which request this is.
    const error = options.requestId ? result.error.withRequestId(options.requestId) : result.error;
    return { ...result, error, cache: outcome };
  }
  const item = options.extendTranscript ? result.item : { ...result.item, transcript: null };
  return { ...result, item, cache: outcome };
}
