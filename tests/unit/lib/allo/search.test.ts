/**
 * The search client against the in-process fake: the `sort` spelling fallback (documented
 * first; on a 400 naming `sort`, the other spelling once, then remembered), the write budget,
 * and tolerance of drifted result items.
 */
import { describe, expect, it } from "vitest";
import { createAlloClient, type FetchLike } from "@/lib/allo/client.server";
import { createFakeAllo } from "@/lib/allo/fake/fake-allo";
import { MARIA_NUMBER } from "@/lib/allo/fake/history-seed";
import type { EnumSpellings } from "@/lib/allo/fake/search";
import { createItemSearch, refusesField } from "@/lib/allo/search.server";
import type { AcquireRequest, RateLimiter } from "@/lib/concurrency/rate-limiter";

const KEY = "ak_test_search";
const BASE = "https://fake-allo.invalid";

/** A limiter that grants at once and counts its grants. */
function countingLimiter() {
  const asked: AcquireRequest[] = [];
  const limiter: RateLimiter = {
    pending: 0,
    async acquire(request) {
      asked.push(request);
      return { ok: true, permit: { release: () => undefined } };
    },
  };
  return { limiter, asked };
}

function setup(spellings: EnumSpellings, fetchOverride?: FetchLike) {
  const fake = createFakeAllo({
    apiKey: KEY,
    publicUrl: BASE,
    searchSpellings: spellings,
    rateLimitPerSecond: Number.MAX_SAFE_INTEGER,
    writeRateLimitPerSecond: Number.MAX_SAFE_INTEGER,
  });
  const reads = countingLimiter();
  const writes = countingLimiter();
  const sorts: unknown[] = [];
  const fetch: FetchLike = async (url, init) => {
    if (typeof init.body === "string") sorts.push((JSON.parse(init.body) as { sort?: unknown }).sort);
    return (fetchOverride ?? fake.fetch)(url, init);
  };
  const client = createAlloClient({
    baseUrl: BASE,
    apiKey: KEY,
    fetch,
    timeoutMs: 1_000,
    deadlineMs: 3_000,
    limiter: reads.limiter,
    writeLimiter: writes.limiter,
  });
  const learned: string[] = [];
  const search = createItemSearch(client, { onSpellingLearned: (spelling) => learned.push(spelling) });
  return { fake, search, sorts, learned, reads, writes };
}

const query = { contactNumber: MARIA_NUMBER, page: 1, size: 10 };

describe("item search: the sort spelling", () => {
  it("sends the documented DATE_DESC first, and stays with it when Allo accepts it", async () => {
    const { search, sorts, learned } = setup("documented");
    expect((await search.byContact(query)).ok).toBe(true);
    expect((await search.byContact({ ...query, page: 2 })).ok).toBe(true);
    expect(sorts).toEqual(["DATE_DESC", "DATE_DESC"]);
    expect(learned).toEqual([]);
  });

  it("retries once with RECENT when Allo refuses DATE_DESC, and remembers RECENT", async () => {
    const { search, sorts, learned } = setup("live");
    const first = await search.byContact(query);
    expect(first.ok).toBe(true);
    expect(sorts).toEqual(["DATE_DESC", "RECENT"]);
    expect(learned).toEqual(["live"]);
    expect(search.sortSpelling).toBe("live");
    await search.byContact({ ...query, page: 2 });
    expect(sorts).toEqual(["DATE_DESC", "RECENT", "RECENT"]);
  });

  it("lets concurrent first searches wait for the spelling instead of each trying the wrong one", async () => {
    const { search, sorts } = setup("live");
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => search.byContact({ ...query, page: i + 1 })),
    );
    expect(results.every((result) => result.ok)).toBe(true);
    expect(sorts).toEqual(["DATE_DESC", "RECENT", "RECENT", "RECENT", "RECENT", "RECENT"]);
  });

  it("returns the page newest first, with pagination read from Allo", async () => {
    const { search } = setup("live");
    const result = await search.byContact(query);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.items).toHaveLength(10);
    expect(result.value.hasMore).toBe(true);
    expect(result.value.totalCount).toBe(14);
    const dates = result.value.items.map((item) => Date.parse(item.date));
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
  });

  it("does not retry a 400 about another field", async () => {
    const { search, sorts } = setup("documented");
    const result = await search.byContact({ ...query, page: 0 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(refusesField(result, "page")).toBe(true);
    expect(sorts).toEqual(["DATE_DESC"]);
    expect(search.sortSpelling).toBe("documented");
  });

  it("counts as a write: takes its permits from the write limiter", async () => {
    const { search, reads, writes } = setup("live");
    await search.byContact(query);
    expect(writes.asked).toHaveLength(2);
    expect(reads.asked).toHaveLength(0);
  });

  it("keeps the items that match the schema and counts the others", async () => {
    const drifted: FetchLike = async () =>
      Response.json({
        data: [
          { id: "cll-ok1", type: "CALL", direction: "INBOUND", date: "2026-11-20T10:00:00Z", contacts: [] },
          { id: "not-an-id", when: "yesterday" },
        ],
      });
    const { search } = setup("both", drifted);
    const result = await search.byContact(query);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.items.map((item) => item.id)).toEqual(["cll-ok1"]);
    expect(result.value.skipped).toBe(1);
    // No pagination block: fewer items than the page size means there is no next page.
    expect(result.value.hasMore).toBe(false);
  });
});
