/**
 * A dashboard whose Allo key lacks TAGS_WRITE: /api/capabilities says so (the page then shows
 * no tag controls), and the tag routes refuse on their own, without asking Allo to write.
 */
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeAlloServer, type FakeAlloServer } from "@/lib/allo/fake/http-server";
import { createLogger } from "@/lib/server/logger.server";

const KEY = "ak_live_read_only_tags_2e9b";
let fake: FakeAlloServer;
let tagsRoute: typeof import("@/app/api/items/[id]/tags/route");
let capabilitiesRoute: typeof import("@/app/api/capabilities/route");
const logLines: Record<string, unknown>[] = [];

beforeAll(async () => {
  fake = await startFakeAlloServer({ apiKey: KEY, scopes: ["CONVERSATIONS_READ", "TAGS_READ"] });
  process.env.ALLO_API_KEY = KEY;
  process.env.ALLO_API_BASE_URL = fake.url;
  process.env.AUTH_MODE = "none";
  process.env.HOSTNAME = "127.0.0.1";
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean))
        logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  (globalThis as { __callviewLogger?: unknown }).__callviewLogger = createLogger(stream);
  tagsRoute = await import("@/app/api/items/[id]/tags/route");
  capabilitiesRoute = await import("@/app/api/capabilities/route");
});

afterAll(async () => {
  delete (globalThis as { __callviewLogger?: unknown }).__callviewLogger;
  await fake.close();
});

describe("a key without TAGS_WRITE", () => {
  it("is told to the page, from Allo's /v2/api/me, asked once", async () => {
    for (let i = 0; i < 3; i++) {
      const response = await capabilitiesRoute.GET(new Request("http://127.0.0.1/api/capabilities"), {
        params: Promise.resolve({}),
      });
      expect(await response.json()).toEqual({ data: { can_edit_tags: false } });
    }
    expect(fake.fake.stats.arrivals).toHaveLength(1);
  });

  it("makes the tag routes refuse with 403 TAG_EDITING_NOT_ALLOWED, and nothing is written", async () => {
    const response = await tagsRoute.POST(
      new Request("http://127.0.0.1/api/items/cll-demo-billing/tags", {
        method: "POST",
        headers: {
          "sec-fetch-site": "same-origin",
          "idempotency-key": "read-only-intent-0001",
          "content-type": "application/json",
        },
        body: JSON.stringify({ tag: "urgent" }),
      }),
      { params: Promise.resolve({ id: "cll-demo-billing" }) },
    );
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      "TAG_EDITING_NOT_ALLOWED",
    );
    expect(fake.fake.stats.writeRequests).toBe(0);
    expect(logLines.filter((line) => line.audit === "tag")).toEqual([
      expect.objectContaining({ outcome: "refused", errorCode: "TAG_EDITING_NOT_ALLOWED", tag: "urgent" }),
    ]);
  });
});
