/**
 * The history and tag routes against the fake Allo API over real HTTP on loopback: what each
 * answers, what reaches Allo, the cache, cross-site refusal and the audit log.
 */
import { Writable } from "node:stream";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FAILING_SEARCH_NUMBER } from "@/lib/allo/fake/faults";
import { startFakeAlloServer, type FakeAlloServer } from "@/lib/allo/fake/http-server";
import { FAILING_TAG_KEY } from "@/lib/allo/fake/tags";
import { createLogger } from "@/lib/server/logger.server";

const KEY = "ak_live_history_tags_7c1d";
let fake: FakeAlloServer;
let historyRoute: typeof import("@/app/api/items/[id]/history/route");
let tagsRoute: typeof import("@/app/api/items/[id]/tags/route");
let tagRoute: typeof import("@/app/api/items/[id]/tags/[tag]/route");
let itemRoute: typeof import("@/app/api/items/[id]/route");
let workspaceRoute: typeof import("@/app/api/tags/route");
let capabilitiesRoute: typeof import("@/app/api/capabilities/route");
let logLines: Record<string, unknown>[] = [];

beforeAll(async () => {
  fake = await startFakeAlloServer({ apiKey: KEY, summaryDelayMs: 60_000 });
  process.env.ALLO_API_KEY = KEY;
  process.env.ALLO_API_BASE_URL = fake.url;
  process.env.ALLO_REQUEST_TIMEOUT_MS = "2000";
  process.env.AUTH_MODE = "none";
  process.env.HOSTNAME = "127.0.0.1";
  historyRoute = await import("@/app/api/items/[id]/history/route");
  tagsRoute = await import("@/app/api/items/[id]/tags/route");
  tagRoute = await import("@/app/api/items/[id]/tags/[tag]/route");
  itemRoute = await import("@/app/api/items/[id]/route");
  workspaceRoute = await import("@/app/api/tags/route");
  capabilitiesRoute = await import("@/app/api/capabilities/route");
});

afterAll(async () => {
  await fake.close();
});

beforeEach(() => {
  fake.fake.reset();
  logLines = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean))
        logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  (globalThis as { __callviewLogger?: unknown }).__callviewLogger = createLogger(stream);
});

afterEach(() => {
  delete (globalThis as { __callviewLogger?: unknown }).__callviewLogger;
});

const SAME_ORIGIN = { "sec-fetch-site": "same-origin" };

function history(id: string, query = "") {
  return historyRoute.GET(new Request(`http://127.0.0.1/api/items/${id}/history${query}`), {
    params: Promise.resolve({ id }),
  });
}

function addTag(id: string, tag: unknown, headers: Record<string, string> = {}) {
  return tagsRoute.POST(
    new Request(`http://127.0.0.1/api/items/${id}/tags`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ tag }),
    }),
    { params: Promise.resolve({ id }) },
  );
}

function removeTag(id: string, tag: string, headers: Record<string, string> = {}) {
  return tagRoute.DELETE(
    new Request(`http://127.0.0.1/api/items/${id}/tags/${encodeURIComponent(tag)}`, {
      method: "DELETE",
      headers,
    }),
    { params: Promise.resolve({ id, tag: encodeURIComponent(tag) }) },
  );
}

async function itemTags(id: string): Promise<string[]> {
  const response = await itemRoute.GET(new Request(`http://127.0.0.1/api/items/${id}`), {
    params: Promise.resolve({ id }),
  });
  return ((await response.json()) as { data: { tags: string[] } }).data.tags;
}

type HistoryBody = {
  data: {
    contact_number: string | null;
    rows: { id: string; date: string; href: string }[];
    page: number;
    has_more: boolean;
  };
};

let keySeq = 0;
const intent = () => ({
  ...SAME_ORIGIN,
  "idempotency-key": `test-intent-${String(++keySeq).padStart(8, "0")}`,
});
const audits = () => logLines.filter((line) => line.audit === "tag");

describe("GET /api/items/{id}/history", () => {
  it("lists the contact's other items newest first, page by page", async () => {
    const first = (await (await history("cll-demo-billing")).json()) as HistoryBody;
    expect(first.data.contact_number).toBe("+14155551234");
    const ids = first.data.rows.map((row) => row.id);
    expect(ids).not.toContain("cll-demo-billing");
    expect(ids).toContain("msg-demo-inbound");
    expect(first.data.has_more).toBe(true);
    const dates = first.data.rows.map((row) => Date.parse(row.date));
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    expect(first.data.rows[0]?.href).toBe(`/items/${first.data.rows[0]?.id}`);

    const second = (await (await history("cll-demo-billing", "?page=2")).json()) as HistoryBody;
    expect(second.data.has_more).toBe(false);
    const all = [...ids, ...second.data.rows.map((row) => row.id)];
    expect(new Set(all).size).toBe(13);
  });

  it("caches each page per contact and coalesces a burst into one search", async () => {
    // Kenji's history has not been asked for yet in this process.
    const burst = await Promise.all(Array.from({ length: 8 }, () => history("msg-demo-outbound")));
    expect(burst.every((response) => response.status === 200)).toBe(true);
    expect(fake.fake.stats.searchRequests).toBe(1);
    // The onboarding call's history (same number, same page) is served from the cached page.
    const other = (await (await history("cll-demo-onboarding")).json()) as HistoryBody;
    expect(other.data.rows.map((row) => row.id)).toContain("msg-demo-outbound");
    expect(other.data.rows.map((row) => row.id)).not.toContain("cll-demo-onboarding");
    expect(fake.fake.stats.searchRequests).toBe(1);
    // The spelling learned on the first search of this process is the one sent.
    expect(fake.fake.stats.bySort).toEqual({ RECENT: 1 });
  });

  it("answers a withheld number with an empty history and no search", async () => {
    const body = (await (await history("cll-demo-withheld")).json()) as HistoryBody;
    expect(body.data).toEqual({ contact_number: null, rows: [], page: 1, has_more: false });
    expect(fake.fake.stats.searchRequests).toBe(0);
  });

  it("refuses a bad page with 400 INVALID_PAGE before asking Allo", async () => {
    for (const query of ["?page=0", "?page=abc", "?page=1&page=2", "?page=1001"]) {
      const response = await history("cll-demo-billing", query);
      expect(response.status, query).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("INVALID_PAGE");
    }
    expect(fake.fake.stats.searchRequests).toBe(0);
  });

  it("passes a failed search on as its own error, not cached, and recovers", async () => {
    const failed = await history("cll-fault-history");
    expect(failed.status).toBe(502);
    const body = (await failed.json()) as {
      error: { code: string; upstream_status: number; request_id: string };
    };
    expect(body.error).toMatchObject({ code: "UPSTREAM_UNAVAILABLE", upstream_status: 500 });
    expect(body.error.request_id).toBe(failed.headers.get("x-request-id"));
    await fetch(`${fake.url}/__fake/control`, {
      method: "POST",
      body: JSON.stringify({ failingSearchNumbers: [] }),
    });
    const healed = await history("cll-fault-history");
    expect(healed.status).toBe(200);
    expect(((await healed.json()) as HistoryBody).data.contact_number).toBe(FAILING_SEARCH_NUMBER);
  });

  it("answers an unknown item 404, like the item route", async () => {
    expect((await history("cll-nope-404")).status).toBe(404);
  });
});

describe("tag routes", () => {
  it("refuse a cross-site request with 403 CROSS_SITE_REQUEST, before anything reaches Allo", async () => {
    const cases = [
      addTag("cll-demo-maria-renewal", "urgent", {
        "sec-fetch-site": "cross-site",
        "idempotency-key": "x".repeat(20),
      }),
      removeTag("cll-demo-maria-renewal", "renewal", { origin: "https://evil.example", host: "127.0.0.1" }),
      addTag("cll-demo-maria-renewal", "urgent", { "idempotency-key": "x".repeat(20) }),
    ];
    for (const response of await Promise.all(cases)) {
      expect(response.status).toBe(403);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("CROSS_SITE_REQUEST");
    }
    expect(fake.fake.stats.writeRequests).toBe(0);
  });

  it("add a tag: changed, visible on the next item read (cache invalidated), audited", async () => {
    expect(await itemTags("cll-demo-maria-renewal")).toEqual(["renewal"]);
    const response = await addTag("cll-demo-maria-renewal", "urgent", intent());
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { tag: "urgent", action: "add", outcome: "changed" } });
    expect(await itemTags("cll-demo-maria-renewal")).toEqual(["renewal", "urgent"]);
    expect(audits()).toEqual([
      expect.objectContaining({
        audit: "tag",
        actor: "anonymous",
        actorKind: "anonymous",
        itemId: "cll-demo-maria-renewal",
        tag: "urgent",
        action: "add",
        outcome: "changed",
      }),
    ]);
    expect(JSON.stringify(logLines)).not.toContain(KEY);
  });

  it("treats Allo's 409 TAG_ALREADY_EXISTS and 404 TAG_NOT_FOUND as success", async () => {
    const already = await addTag("cll-demo-maria-renewal", "renewal", intent());
    expect(already.status).toBe(200);
    expect(((await already.json()) as { data: { outcome: string } }).data.outcome).toBe("already");
    const gone = await removeTag("cll-demo-maria-renewal", "vip", intent());
    expect(gone.status).toBe(200);
    expect(((await gone.json()) as { data: { outcome: string } }).data.outcome).toBe("already");
    expect(audits().map((line) => line.outcome)).toEqual(["already", "already"]);
  });

  it("the same intent twice is one change at Allo (its Idempotency-Key replays)", async () => {
    const headers = intent();
    const first = await addTag("cll-demo-maria-renewal", "vip", headers);
    const again = await addTag("cll-demo-maria-renewal", "vip", headers);
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(((await again.json()) as { data: { outcome: string } }).data.outcome).toBe("changed");
    expect(fake.fake.stats.tagWrites["cll-demo-maria-renewal"]).toBe(1);
    expect(fake.fake.stats.idempotentReplays).toBe(1);
  });

  it("removes a tag with a non-ASCII key", async () => {
    const response = await removeTag("cll-demo-unicode", "ünïcödé", intent());
    expect(response.status).toBe(200);
    expect(await itemTags("cll-demo-unicode")).toEqual(["rtl"]);
  });

  it("passes a failure on, undone by nobody at Allo, and audits it as failed", async () => {
    const response = await addTag("cll-demo-maria-renewal", FAILING_TAG_KEY, intent());
    expect(response.status).toBe(502);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("UPSTREAM_UNAVAILABLE");
    expect(await itemTags("cll-demo-maria-renewal")).toEqual(["renewal"]);
    expect(audits()).toEqual([
      expect.objectContaining({ outcome: "failed", errorCode: "UPSTREAM_UNAVAILABLE" }),
    ]);
  });

  it("refuses messages, missing keys and bad tags without asking Allo", async () => {
    const message = await addTag("msg-demo-inbound", "urgent", intent());
    expect(message.status).toBe(400);
    expect(((await message.json()) as { error: { code: string } }).error.code).toBe("TAGS_NOT_SUPPORTED");
    const noKey = await addTag("cll-demo-maria-renewal", "urgent", SAME_ORIGIN);
    expect(((await noKey.json()) as { error: { code: string } }).error.code).toBe("INVALID_IDEMPOTENCY_KEY");
    const badTag = await addTag("cll-demo-maria-renewal", "", intent());
    expect(((await badTag.json()) as { error: { code: string } }).error.code).toBe("INVALID_TAG");
    const badId = await addTag("usr-nope", "urgent", intent());
    expect(((await badId.json()) as { error: { code: string } }).error.code).toBe("INVALID_ITEM_ID");
    expect(fake.fake.stats.writeRequests).toBe(0);
  });
});

describe("GET /api/tags and /api/capabilities", () => {
  it("lists the workspace's tags and says tags may be edited", async () => {
    const tags = (await (
      await workspaceRoute.GET(new Request("http://127.0.0.1/api/tags"), { params: Promise.resolve({}) })
    ).json()) as {
      data: { key: string; name: string }[];
    };
    expect(tags.data).toContainEqual({ key: "urgent", name: "Urgent" });
    const capabilities = await capabilitiesRoute.GET(new Request("http://127.0.0.1/api/capabilities"), {
      params: Promise.resolve({}),
    });
    expect(await capabilities.json()).toEqual({ data: { can_edit_tags: true } });
  });
});
