/**
 * A contact's earlier conversations, for the history panel: the item (from the item cache)
 * names the contact's number, Allo's search lists that number's calls and messages newest
 * first, and the item itself is left out.
 *
 * Searches are POSTs and go through the write limiter (5 per second for the key), so they are
 * cached per contact number and page for a minute and coalesced: a burst of agents opening
 * the same notification costs one search per page, not one per agent. Only answers are kept;
 * a failed search is asked again next time.
 */
import "server-only";
import type { AlloCallResult } from "@/lib/allo/client.server";
import { createItemSearch, type ItemSearch, type SearchPage } from "@/lib/allo/search.server";
import { CallviewError } from "@/lib/api/errors";
import { newestFirst, toHistoryRow, type HistoryPage } from "@/lib/items/history-row";
import type { ItemLookupResult } from "./items.server";
import { lookupUpstreamItem } from "./items.server";
import { createKeyedCache, type KeyedCache, type KeyedCacheOutcome } from "./keyed-cache.server";
import { logger } from "./logger.server";
import { runtimeState } from "./runtime-state.server";

/** Rows per page, and the size asked of Allo (the current item, when on the page, is left out). */
export const HISTORY_PAGE_SIZE = 10;
/** How long one page of a contact's history is reused. */
export const HISTORY_TTL_MS = 60_000;
/** The history cache's memory budget, in bytes of Allo's answers. */
const HISTORY_CACHE_MAX_BYTES = 8 * 1024 * 1024;

type SearchResult = AlloCallResult<SearchPage>;

type HistoryServices = { search: ItemSearch; pages: KeyedCache<SearchResult> };

function cancelled(): SearchResult {
  return {
    ok: false,
    attempts: 0,
    upstream: null,
    error: new CallviewError({
      code: "UPSTREAM_UNAVAILABLE",
      retryable: true,
      message: "The request was cancelled.",
    }),
  };
}

/** The key of one page of one contact's history. */
function pageKey(contactNumber: string, page: number): string {
  return `${contactNumber}\n${page}\n${HISTORY_PAGE_SIZE}`;
}

function services(): HistoryServices {
  return runtimeState("history", (runtime) => {
    const search = createItemSearch(runtime.client, {
      onSpellingLearned: (spelling) =>
        logger().warn(
          { sortSpelling: spelling },
          "allo search: sort is spelled the other way at this API; using that spelling from now on",
        ),
    });
    const pages = createKeyedCache<SearchResult>(
      (key, context) => {
        const [contactNumber = "", page = "1"] = key.split("\n");
        return search.byContact({ contactNumber, page: Number(page), size: HISTORY_PAGE_SIZE, ...context });
      },
      {
        ttlFor: (result) => (result.ok ? HISTORY_TTL_MS : 0),
        bytesOf: (result) => (result.ok ? result.bodyBytes : 0),
        cancelled,
        maxBytes: HISTORY_CACHE_MAX_BYTES,
      },
    );
    return { search, pages };
  });
}

export type HistoryLookup = {
  requestId: string;
  signal?: AbortSignal;
  user?: string | null;
};

export type HistoryResult =
  | { ok: true; value: HistoryPage; cache: KeyedCacheOutcome | null; item: ItemLookupResult }
  | { ok: false; error: CallviewError; item: ItemLookupResult | null };

/** Page `page` (1-based) of the history of the item's contact, without the item itself. */
export async function contactHistory(
  itemId: string,
  page: number,
  lookup: HistoryLookup,
): Promise<HistoryResult> {
  const item = await lookupUpstreamItem(itemId, { extendTranscript: false, ...lookup });
  if (!item.ok) return { ok: false, error: item.error, item };
  const contactNumber = item.item.contact_number;
  if (contactNumber === null) {
    return { ok: true, value: { contactNumber: null, rows: [], page, hasMore: false }, cache: null, item };
  }

  const started = performance.now();
  const { pages, search } = services();
  const { result, outcome } = await pages.get(pageKey(contactNumber, page), lookup);
  if (outcome === "miss") {
    // One line per real search at Allo, like the item lookups.
    logger().info(
      {
        requestId: lookup.requestId,
        itemId,
        page,
        upstreamStatus: result.ok ? result.upstreamStatus : result.error.upstreamStatus,
        errorCode: result.ok ? undefined : result.error.code,
        attempts: result.attempts,
        skipped: result.ok ? result.value.skipped : undefined,
        sortSpelling: search.sortSpelling,
        latencyMs: Math.round(performance.now() - started),
      },
      "allo search",
    );
  }
  if (!result.ok) return { ok: false, error: result.error.withRequestId(lookup.requestId), item };

  // Allo filters by number; rows for another number (a filter it ignored) are left out too.
  const rows = newestFirst(
    result.value.items
      .filter((other) => other.id !== itemId)
      .filter((other) => other.contact_number === null || other.contact_number === contactNumber)
      .map(toHistoryRow),
  );
  return {
    ok: true,
    value: { contactNumber, rows, page, hasMore: result.value.hasMore },
    cache: outcome,
    item,
  };
}
