/**
 * Allo's `POST /v2/api/conversations/items/search`, narrowed to what Callview asks of it: one
 * contact's timeline, newest first, a page at a time (docs/allo-api.md, "Search").
 *
 * The docs and the live API (as third-party clients report it) disagree on the spelling of
 * `sort` (`DATE_DESC` or `RECENT`) and of `type` (`CALL`/`SMS`/`ALL` or `CALL`/`TEXT_MESSAGE`).
 * - `type` is never sent: its default already covers calls and messages, which is what a
 *   contact's history wants.
 * - `sort` must be sent (without it the order is undocumented). The documented value goes
 *   first; a 400 that names `sort` is answered by one retry with the other spelling, and the
 *   spelling that worked is remembered for the rest of the process, so the cost is one extra
 *   request per process at most (more only if Allo changes its mind while we run). Until a
 *   first search has told which spelling works, concurrent searches wait for it rather than
 *   each spending a write on the wrong one.
 * The search is a POST, which Allo counts among the key's 5 writes per second: it goes through
 * the client's write limiter.
 */
import "server-only";
import { z } from "zod";
import { parsedOrWhere, type AlloCallResult, type AlloClient } from "./client.server";
import { alloItemSchema, type AlloItem } from "./schemas";

/** "Newest first", as the v2 docs spell it and as the live API reportedly does. */
export const NEWEST_FIRST = { documented: "DATE_DESC", live: "RECENT" } as const;
export type SortSpelling = keyof typeof NEWEST_FIRST;

/** Allo's cap on `size`. */
export const MAX_SEARCH_PAGE_SIZE = 100;

const count = z.number().int().nonnegative().nullish();

/** Every field optional: only `has_more` (or enough to derive it) matters to Callview. */
const paginationSchema = z.object({
  page: count,
  size: count,
  total_count: count,
  total_pages: count,
  has_more: z.boolean().nullish(),
});

/** Items are checked one by one below, so one drifted item costs that item, not the page. */
const searchResponseSchema = z.object({
  data: z.array(z.unknown()),
  pagination: paginationSchema.nullish(),
});

export type SearchPage = {
  items: AlloItem[];
  page: number;
  size: number;
  totalCount: number | null;
  hasMore: boolean;
  /** Items that did not match the item schema and were left out. */
  skipped: number;
};

export type ContactSearch = {
  contactNumber: string;
  /** 1-based, like Allo's. */
  page: number;
  size: number;
  requestId?: string;
  signal?: AbortSignal;
  user?: string | null;
};

function toPage(body: z.output<typeof searchResponseSchema>, page: number, size: number): SearchPage {
  const items: AlloItem[] = [];
  let skipped = 0;
  for (const raw of body.data) {
    const parsed = alloItemSchema.safeParse(raw);
    if (parsed.success) items.push(parsed.data);
    else skipped++;
  }
  const pagination = body.pagination ?? null;
  const totalPages = pagination?.total_pages ?? null;
  const hasMore =
    pagination?.has_more ?? (totalPages !== null ? page < totalPages : body.data.length >= size);
  return { items, page, size, totalCount: pagination?.total_count ?? null, hasMore, skipped };
}

/** A 400 from Allo that names `field` as the parameter at fault (in `param`, `errors[]` or the message). */
export function refusesField(result: AlloCallResult<unknown>, field: string): boolean {
  if (result.ok || result.upstream?.status !== 400) return false;
  if (result.upstream.params.includes(field)) return true;
  return new RegExp(`\\b${field}\\b`, "i").test(result.upstream.message ?? "");
}

export type ItemSearch = ReturnType<typeof createItemSearch>;

export function createItemSearch(
  client: Pick<AlloClient, "call">,
  options: {
    /** The spelling to try first; the documented one unless a test says otherwise. */
    initialSpelling?: SortSpelling;
    /** Told once when the other spelling turned out to be the one Allo accepts. */
    onSpellingLearned?: (spelling: SortSpelling) => void;
  } = {},
) {
  let spelling: SortSpelling = options.initialSpelling ?? "documented";
  /** Whether a search has succeeded with `spelling`. */
  let confirmed = false;
  /** The first search, while it finds out which spelling works. */
  let probe: Promise<unknown> | null = null;

  function send(query: ContactSearch, sort: SortSpelling): Promise<AlloCallResult<SearchPage>> {
    const size = Math.min(MAX_SEARCH_PAGE_SIZE, Math.max(1, query.size));
    return client.call({
      method: "POST",
      path: "/v2/api/conversations/items/search",
      body: { contact_number: query.contactNumber, sort: NEWEST_FIRST[sort], page: query.page, size },
      budget: "write",
      resource: "other",
      scope: "CONVERSATIONS_READ",
      successBody: "json",
      parse: (json) => {
        const parsed = parsedOrWhere(searchResponseSchema.safeParse(json));
        return parsed.ok ? { ok: true, value: toPage(parsed.value, query.page, size) } : parsed;
      },
      requestId: query.requestId,
      signal: query.signal,
      user: query.user,
    });
  }

  async function search(query: ContactSearch): Promise<AlloCallResult<SearchPage>> {
    const tried = spelling;
    const first = await send(query, tried);
    if (first.ok) confirmed = true;
    if (!refusesField(first, "sort")) return first;
    const other: SortSpelling = tried === "documented" ? "live" : "documented";
    const second = await send(query, other);
    if (second.ok) {
      confirmed = true;
      if (spelling === tried) {
        spelling = other;
        options.onSpellingLearned?.(other);
      }
    }
    return second;
  }

  return {
    /** One page of the contact's calls and messages, newest first. */
    async byContact(query: ContactSearch): Promise<AlloCallResult<SearchPage>> {
      if (!confirmed && probe) await probe;
      const running = search(query);
      if (!confirmed && !probe) {
        probe = running.finally(() => {
          probe = null;
        });
      }
      return running;
    },
    /** The spelling the next search will send first. */
    get sortSpelling(): SortSpelling {
      return spelling;
    },
  };
}
