/**
 * The item page's lookup, started by proxy.ts before rendering begins. The proxy waits for it a
 * short budget: an answer within the budget becomes the page's HTTP status, and the page then
 * renders the content straight away, with no streamed skeleton in front of it (React holds a
 * streamed boundary's content ~300 ms after its fallback has painted, which would delay the call
 * every time the item is not cached). Past the budget the page streams its skeleton and the
 * same lookup fills it in: nothing is asked twice. The budget is for Allo: what follows its
 * answer (the summary's evidence, say) is work the content needs either way, so streaming a
 * skeleton in front of it would only add the reveal delay.
 *
 * The hand-over is a one-time token in a request header, valid only for the item it was made
 * for and only a few seconds; the proxy overwrites the header on every request, so a browser
 * cannot choose it. See docs/decisions/0011-first-paint.md.
 */
import "server-only";
import type { CallviewError } from "@/lib/api/errors";
import { lookupUpstreamItem, publicLookupResult, type PublicItemLookupResult } from "./items.server";

/** How long the proxy waits for Allo before letting the page stream its skeleton. */
export const FIRST_PAINT_BUDGET_MS = 300;

export const PREFETCH_HEADER = "x-callview-item-prefetch";

/** A lookup not collected by its page (a client that went away) is dropped after this. */
const HANDOVER_TTL_MS = 15_000;

type Prefetch = {
  itemId: string;
  promise: Promise<PublicItemLookupResult>;
  /** Whether Allo (or the cache) answered within the budget: the page then renders without a fallback. */
  ready: boolean;
  expiresAt: number;
};

const globalForPrefetch = globalThis as typeof globalThis & { __callviewPrefetch?: Map<string, Prefetch> };
// On globalThis: the proxy and the page are bundled separately but run in one process.
const prefetches = (globalForPrefetch.__callviewPrefetch ??= new Map<string, Prefetch>());

function sweep(now: number) {
  for (const [token, prefetch] of prefetches) if (prefetch.expiresAt <= now) prefetches.delete(token);
}

export type StartedPrefetch = {
  token: string;
  /** Within the budget: the lookup's outcome; otherwise null (the page will stream). */
  settled: { error: CallviewError | null } | null;
};

export async function prefetchItemForPage(
  itemId: string,
  options: { requestId: string; user: string | null },
): Promise<StartedPrefetch> {
  const now = Date.now();
  sweep(now);
  const token = crypto.randomUUID();
  // Retries only while they fit in the budget: a failure is then known before the response
  // starts (and becomes its status); the browser, which shows a countdown, does the waiting.
  const upstream = lookupUpstreamItem(itemId, {
    extendTranscript: true,
    requestId: options.requestId,
    user: options.user,
    retryWithinMs: FIRST_PAINT_BUDGET_MS,
  });
  const promise = upstream.then(publicLookupResult);
  const prefetch: Prefetch = { itemId, promise, ready: false, expiresAt: now + HANDOVER_TTL_MS };
  prefetches.set(token, prefetch);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const answered = await Promise.race([
    upstream,
    new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), FIRST_PAINT_BUDGET_MS);
    }),
  ]);
  clearTimeout(timer);
  prefetch.ready = answered !== null;
  return {
    token,
    settled: answered ? { error: answered.ok ? null : answered.error } : null,
  };
}

/** The page's side: the lookup the proxy started for this item, once (null when there is none). */
export function takeItemPrefetch(
  token: string | null,
  itemId: string,
): { promise: Promise<PublicItemLookupResult>; ready: boolean } | null {
  if (!token) return null;
  const prefetch = prefetches.get(token);
  if (!prefetch || prefetch.itemId !== itemId || prefetch.expiresAt <= Date.now()) return null;
  prefetches.delete(token);
  return { promise: prefetch.promise, ready: prefetch.ready };
}
