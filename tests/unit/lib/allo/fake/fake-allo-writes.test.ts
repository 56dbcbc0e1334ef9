/**
 * The fake's search, tags, me, idempotency and write budget, called directly (no HTTP): what
 * docs/allo-api.md says Allo does, so the client and the e2e tests meet the documented errors.
 */
import { describe, expect, it } from "vitest";
import { createFakeAllo, maxInRollingWindow } from "@/lib/allo/fake/fake-allo";
import { FAILING_SEARCH_NUMBER } from "@/lib/allo/fake/faults";
import { MARIA_NUMBER } from "@/lib/allo/fake/history-seed";
import { REPLAY_HEADER } from "@/lib/allo/fake/idempotency";
import type { EnumSpellings } from "@/lib/allo/fake/search";
import { FAILING_TAG_KEY } from "@/lib/allo/fake/tags";

const KEY = "ak_test_fake_writes";
const BASE = "https://fake-allo.invalid";

function fakeWith(
  options: {
    now?: () => number;
    scopes?: string[];
    searchSpellings?: EnumSpellings;
    writeLimit?: number;
  } = {},
) {
  return createFakeAllo({
    apiKey: KEY,
    publicUrl: BASE,
    now: options.now,
    scopes: options.scopes,
    searchSpellings: options.searchSpellings,
    writeRateLimitPerSecond: options.writeLimit ?? Number.MAX_SAFE_INTEGER,
    rateLimitPerSecond: Number.MAX_SAFE_INTEGER,
  });
}

type Fake = ReturnType<typeof fakeWith>;

function send(
  fake: Fake,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fake.handle(
    new Request(`${BASE}${path}`, {
      method,
      headers: {
        authorization: `Api-Key ${KEY}`,
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    }),
  );
}

type SearchBody = {
  data: {
    id: string;
    date: string;
    contacts: Record<string, unknown>[];
    user: Record<string, unknown> | null;
  }[];
  pagination: { page: number; size: number; total_count: number; total_pages: number; has_more: boolean };
};
type ErrorBody = { error: { code: string; param?: string; type: string } };

const search = (fake: Fake, body: unknown) => send(fake, "POST", "/v2/api/conversations/items/search", body);

describe("fake search", () => {
  it("lists one contact's calls and messages newest first, a page at a time", async () => {
    const fake = fakeWith();
    const first = (await (
      await search(fake, { contact_number: MARIA_NUMBER, sort: "RECENT", size: 10 })
    ).json()) as SearchBody;
    expect(first.data).toHaveLength(10);
    expect(first.pagination).toEqual({ page: 1, size: 10, total_count: 14, total_pages: 2, has_more: true });
    const dates = first.data.map((item) => Date.parse(item.date));
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    expect(first.data.map((item) => item.id)).toContain("cll-demo-billing");
    // Allo's search example carries slimmer contacts and users than a single item.
    expect(Object.keys(first.data[0]!.contacts[0]!).sort()).toEqual(["id", "name"]);

    const second = (await (
      await search(fake, { contact_number: MARIA_NUMBER, sort: "RECENT", size: 10, page: 2 })
    ).json()) as SearchBody;
    expect(second.data).toHaveLength(4);
    expect(second.pagination.has_more).toBe(false);
    expect(new Set([...first.data, ...second.data].map((item) => item.id)).size).toBe(14);
  });

  it("answers the documented validation errors", async () => {
    const fake = fakeWith();
    const cases: [unknown, string, string][] = [
      [{ search: "!!! ???" }, "INVALID_SEARCH_QUERY", "search"],
      [{ size: 101 }, "INVALID_PAGE_SIZE", "size"],
      [{ size: 0 }, "INVALID_PAGE_SIZE", "size"],
      [{ size: "ten" }, "INVALID_PAGE_SIZE", "size"],
    ];
    for (const [body, code, param] of cases) {
      const response = await search(fake, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const error = ((await response.json()) as ErrorBody).error;
      expect(error).toMatchObject({ code, param, type: "validation_error" });
    }
    const notJson = await fake.handle(
      new Request(`${BASE}/v2/api/conversations/items/search`, {
        method: "POST",
        headers: { authorization: `Api-Key ${KEY}`, "content-type": "text/plain" },
        body: "{}",
      }),
    );
    expect(notJson.status).toBe(415);
  });

  it("accepts the spellings it is told to, and names the field it refuses", async () => {
    const expectations: [EnumSpellings, string, number][] = [
      ["live", "RECENT", 200],
      ["live", "DATE_DESC", 400],
      ["documented", "DATE_DESC", 200],
      ["documented", "RECENT", 400],
      ["both", "DATE_DESC", 200],
      ["both", "RECENT", 200],
    ];
    for (const [spellings, sort, status] of expectations) {
      const response = await search(fakeWith({ searchSpellings: spellings }), { sort });
      expect(response.status, `${spellings} ${sort}`).toBe(status);
      if (status === 400) expect(((await response.json()) as ErrorBody).error.param).toBe("sort");
    }
    expect((await search(fakeWith({ searchSpellings: "live" }), { type: "SMS" })).status).toBe(400);
    expect((await search(fakeWith({ searchSpellings: "live" }), { type: "TEXT_MESSAGE" })).status).toBe(200);
    expect((await search(fakeWith({ searchSpellings: "documented" }), { type: "ALL" })).status).toBe(200);
  });

  it("matches keywords by prefix, all terms together", async () => {
    const fake = fakeWith();
    const body = (await (
      await search(fake, { search: "refu invoice", sort: "RELEVANCE" })
    ).json()) as SearchBody;
    expect(body.data.map((item) => item.id)).toContain("cll-demo-billing");
    const none = (await (await search(fake, { search: "refund zzzzqqq" })).json()) as SearchBody;
    expect(none.data).toEqual([]);
  });

  it("fails the fault number's searches with a 500 until a test heals it", async () => {
    const fake = fakeWith();
    expect((await search(fake, { contact_number: FAILING_SEARCH_NUMBER })).status).toBe(500);
    await fake.handle(
      new Request(`${BASE}/__fake/control`, {
        method: "POST",
        body: JSON.stringify({ failingSearchNumbers: [] }),
      }),
    );
    expect((await search(fake, { contact_number: FAILING_SEARCH_NUMBER })).status).toBe(200);
    fake.reset();
    expect((await search(fake, { contact_number: FAILING_SEARCH_NUMBER })).status).toBe(500);
  });
});

describe("fake faults that heal", () => {
  const control = (fake: Fake, body: unknown) =>
    fake.handle(new Request(`${BASE}/__fake/control`, { method: "POST", body: JSON.stringify(body) }));
  const item = (fake: Fake, id: string) =>
    send(fake, "GET", `/v2/api/conversations/items/${id}?extend=transcript`);

  it("answer with a copy of a seeded item under their own id, until reset", async () => {
    const fake = fakeWith();
    expect((await item(fake, "cll-fault-500")).status).toBe(500);
    expect((await control(fake, { healedFaults: { "cll-fault-500": "cll-demo-billing" } })).status).toBe(200);
    const healed = await item(fake, "cll-fault-500");
    expect(healed.status).toBe(200);
    const billing = (await (await item(fake, "cll-demo-billing")).json()) as {
      data: Record<string, unknown>;
    };
    expect(((await healed.json()) as { data: Record<string, unknown> }).data).toEqual({
      ...billing.data,
      id: "cll-fault-500",
    });
    fake.reset();
    expect((await item(fake, "cll-fault-500")).status).toBe(500);
  });

  it("refuses to heal what is not a fault, or into what is not seeded, and changes nothing", async () => {
    const fake = fakeWith();
    for (const healedFaults of [
      { "cll-demo-billing": "cll-demo-voicemail" },
      { "cll-fault-500": "cll-nope" },
    ]) {
      expect((await control(fake, { healedFaults })).status).toBe(400);
    }
    expect((await item(fake, "cll-fault-500")).status).toBe(500);
  });
});

describe("fake tags", () => {
  const tagsOf = async (fake: Fake, id: string) =>
    (
      (await (await send(fake, "GET", `/v2/api/conversations/items/${id}`)).json()) as {
        data: { tags: string[] };
      }
    ).data.tags;

  it("adds and removes tags in memory, visible on the next GET, restored by reset", async () => {
    const fake = fakeWith();
    const add = await send(fake, "POST", "/v2/api/conversations/items/cll-demo-billing/tags", {
      tags: ["urgent"],
    });
    expect(add.status).toBe(200);
    expect(await tagsOf(fake, "cll-demo-billing")).toEqual(["billing", "refund", "priority", "urgent"]);
    const remove = await send(fake, "DELETE", "/v2/api/conversations/items/cll-demo-billing/tags/billing");
    expect(remove.status).toBe(200);
    expect(await tagsOf(fake, "cll-demo-billing")).toEqual(["refund", "priority", "urgent"]);
    fake.reset();
    expect(await tagsOf(fake, "cll-demo-billing")).toEqual(["billing", "refund", "priority"]);
  });

  it("answers 409 TAG_ALREADY_EXISTS and 404 TAG_NOT_FOUND, changing nothing", async () => {
    const fake = fakeWith();
    const add = await send(fake, "POST", "/v2/api/conversations/items/cll-demo-billing/tags", {
      tags: ["billing"],
    });
    expect(add.status).toBe(409);
    expect(((await add.json()) as ErrorBody).error).toMatchObject({
      code: "TAG_ALREADY_EXISTS",
      type: "conflict_error",
    });
    const remove = await send(fake, "DELETE", "/v2/api/conversations/items/cll-demo-billing/tags/urgent");
    expect(remove.status).toBe(404);
    expect(((await remove.json()) as ErrorBody).error.code).toBe("TAG_NOT_FOUND");
    expect(await tagsOf(fake, "cll-demo-billing")).toEqual(["billing", "refund", "priority"]);
  });

  it("lists the workspace's tags and fails the demo fault tag with a 500", async () => {
    const fake = fakeWith();
    const list = (await (await send(fake, "GET", "/v2/api/tags")).json()) as {
      data: { key: string; name: string }[];
    };
    expect(list.data.map((tag) => tag.key)).toContain("urgent");
    const failing = await send(fake, "POST", "/v2/api/conversations/items/cll-demo-billing/tags", {
      tags: [FAILING_TAG_KEY],
    });
    expect(failing.status).toBe(500);
  });

  it("needs TAGS_WRITE to change tags and TAGS_READ to list them; /me tells the scopes", async () => {
    const fake = fakeWith({ scopes: ["CONVERSATIONS_READ"] });
    const add = await send(fake, "POST", "/v2/api/conversations/items/cll-demo-billing/tags", {
      tags: ["urgent"],
    });
    expect(add.status).toBe(403);
    expect(((await add.json()) as ErrorBody).error.code).toBe("API_KEY_INSUFFICIENT_SCOPE");
    expect((await send(fake, "GET", "/v2/api/tags")).status).toBe(403);
    const me = (await (await send(fake, "GET", "/v2/api/me")).json()) as { data: { scopes: string[] } };
    expect(me.data.scopes).toEqual(["CONVERSATIONS_READ"]);
    const full = (await (await send(fakeWith(), "GET", "/v2/api/me")).json()) as {
      data: { scopes: string[] };
    };
    expect(full.data.scopes).toContain("TAGS_WRITE");
  });
});

describe("fake Idempotency-Key", () => {
  it("replays a stored success for the same key without running it again", async () => {
    const fake = fakeWith();
    const path = "/v2/api/conversations/items/cll-demo-billing/tags";
    const first = await send(
      fake,
      "POST",
      path,
      { tags: ["urgent"] },
      { "idempotency-key": "key-0001-aaaa" },
    );
    expect(first.status).toBe(200);
    expect(first.headers.get(REPLAY_HEADER)).toBeNull();
    const again = await send(
      fake,
      "POST",
      path,
      { tags: ["urgent"] },
      { "idempotency-key": "key-0001-aaaa" },
    );
    // Without the key this would be a 409: the tag is there now.
    expect(again.status).toBe(200);
    expect(again.headers.get(REPLAY_HEADER)).toBe("true");
    expect(await again.text()).toBe(
      JSON.stringify({ data: { id: "cll-demo-billing", tags: ["billing", "refund", "priority", "urgent"] } }),
    );
    expect(fake.stats.tagWrites["cll-demo-billing"]).toBe(1);
    expect(fake.stats.idempotentReplays).toBe(1);

    const otherKey = await send(
      fake,
      "POST",
      path,
      { tags: ["urgent"] },
      { "idempotency-key": "key-0002-bbbb" },
    );
    expect(otherKey.status).toBe(409);
  });

  it("does not store failures: a retry with the same key runs again", async () => {
    const fake = fakeWith();
    const path = "/v2/api/conversations/items/cll-demo-billing/tags/urgent";
    expect((await send(fake, "DELETE", path, undefined, { "idempotency-key": "key-0003-cccc" })).status).toBe(
      404,
    );
    expect((await send(fake, "DELETE", path, undefined, { "idempotency-key": "key-0003-cccc" })).status).toBe(
      404,
    );
    expect(fake.stats.idempotentReplays).toBe(0);
  });
});

describe("fake write budget", () => {
  it("answers 429 above 5 writes in a second, in a window separate from reads", async () => {
    let clock = 1_000_000;
    const fake = fakeWith({ now: () => clock, writeLimit: 5 });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push((await search(fake, { contact_number: MARIA_NUMBER, sort: "RECENT" })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    // Reads are still allowed in that same second.
    expect((await send(fake, "GET", "/v2/api/conversations/items/cll-demo-billing")).status).toBe(200);
    expect(fake.stats.writeRateLimited).toBe(2);
    expect(fake.stats.rateLimited).toBe(0);
    expect(fake.stats.writeArrivals).toHaveLength(7);
    expect(fake.stats.maxWritesPerRollingSecond).toBe(7);
    expect(fake.stats.arrivals).toHaveLength(1);
    clock += 1_000;
    expect((await search(fake, { sort: "RECENT" })).status).toBe(200);
    expect(maxInRollingWindow(fake.stats.writeArrivals)).toBe(7);
  });
});
