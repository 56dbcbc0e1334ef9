/** Reading the workspace's tags in whatever shape, and tag writes whose refusal means success. */
import { describe, expect, it } from "vitest";
import { createAlloClient, type FetchLike } from "@/lib/allo/client.server";
import { getKeyScopes } from "@/lib/allo/me.server";
import { addItemTag, readWorkspaceTags, removeItemTag } from "@/lib/allo/tags.server";

describe("readWorkspaceTags", () => {
  it.each([
    ["documented guess", { data: [{ key: "urgent", name: "Urgent", color: "#f00" }] }],
    ["bare array", [{ key: "urgent", name: "Urgent" }]],
    ["nested under data.tags", { data: { tags: [{ slug: "urgent", label: "Urgent" }] } }],
    ["top-level tags", { tags: [{ id: "urgent", display_name: "Urgent" }] }],
  ])("reads %s", (_shape, json) => {
    expect(readWorkspaceTags(json)).toEqual({ ok: true, value: [{ key: "urgent", name: "Urgent" }] });
  });

  it("takes plain strings as keys, drops entries without a key and duplicates", () => {
    expect(
      readWorkspaceTags({ data: ["vip", { name: "No key" }, { key: "vip", name: "VIP again" }, 42] }),
    ).toEqual({
      ok: true,
      value: [{ key: "vip", name: "vip" }],
    });
  });

  it("refuses a body with no list at all", () => {
    expect(readWorkspaceTags({ data: "nope" }).ok).toBe(false);
  });
});

function clientAnswering(...responses: Response[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, init });
    const next = responses.shift();
    if (!next) throw new Error("unexpected request");
    return next;
  };
  const client = createAlloClient({
    baseUrl: "https://api.example.test",
    apiKey: "ak_live_test",
    fetch,
    timeoutMs: 1_000,
    deadlineMs: 10_000,
    sleep: async () => undefined,
  });
  return { client, calls };
}

const refusal = (status: number, code: string) =>
  Response.json(
    { error: { type: "x", code, message: code, retryable: false, request_id: "req_aaaaaaaaaaaa" } },
    { status },
  );

describe("tag writes", () => {
  const write = { itemId: "cll-abc", tag: "urgent", idempotencyKey: "cv_key_0123456789" };

  it("POSTs {tags:[key]} with the Idempotency-Key, and reads any success body", async () => {
    const { client, calls } = clientAnswering(new Response("Tags added successfully", { status: 200 }));
    const result = await addItemTag(client, write);
    expect(result).toMatchObject({ ok: true, value: "changed" });
    expect(calls[0]?.url).toBe("https://api.example.test/v2/api/conversations/items/cll-abc/tags");
    expect(calls[0]?.init.method).toBe("POST");
    expect(calls[0]?.init.body).toBe(JSON.stringify({ tags: ["urgent"] }));
    const headers = calls[0]?.init.headers as Record<string, string>;
    expect(headers["Idempotency-Key"]).toBe("cv_key_0123456789");
    expect(headers["Content-Type"]).toBe("application/json");
  });

  it("counts 409 TAG_ALREADY_EXISTS and 404 TAG_NOT_FOUND as already so", async () => {
    const add = clientAnswering(refusal(409, "TAG_ALREADY_EXISTS"));
    expect(await addItemTag(add.client, write)).toMatchObject({ ok: true, value: "already" });
    const remove = clientAnswering(refusal(404, "TAG_NOT_FOUND"));
    expect(await removeItemTag(remove.client, { ...write, tag: "ünï cödé" })).toMatchObject({
      ok: true,
      value: "already",
    });
    expect(remove.calls[0]?.url).toBe(
      "https://api.example.test/v2/api/conversations/items/cll-abc/tags/%C3%BCn%C3%AF%20c%C3%B6d%C3%A9",
    );
    expect(remove.calls[0]?.init.method).toBe("DELETE");
  });

  it("keeps other refusals as errors: an unknown item, another conflict", async () => {
    const missing = clientAnswering(refusal(404, "CONVERSATION_ITEM_NOT_FOUND"));
    expect(await removeItemTag(missing.client, write)).toMatchObject({
      ok: false,
      error: { code: "CONVERSATION_ITEM_NOT_FOUND" },
    });
    const conflict = clientAnswering(refusal(409, "SOMETHING_ELSE"));
    expect(await addItemTag(conflict.client, write)).toMatchObject({
      ok: false,
      error: { code: "UPSTREAM_REQUEST_REJECTED" },
    });
  });

  it("retries an outage with the same Idempotency-Key, so Allo can replay", async () => {
    const { client, calls } = clientAnswering(
      new Response("bad gateway", { status: 502 }),
      new Response(null, { status: 204 }),
    );
    expect(await addItemTag(client, write)).toMatchObject({ ok: true, value: "changed" });
    expect(calls).toHaveLength(2);
    const keys = calls.map((call) => (call.init.headers as Record<string, string>)["Idempotency-Key"]);
    expect(keys).toEqual(["cv_key_0123456789", "cv_key_0123456789"]);
  });
});

describe("getKeyScopes", () => {
  it("reads data.scopes, upper-cased", async () => {
    const { client } = clientAnswering(
      Response.json({ data: { scopes: ["conversations_read", "TAGS_WRITE"] } }),
    );
    expect(await getKeyScopes(client)).toMatchObject({
      ok: true,
      value: ["CONVERSATIONS_READ", "TAGS_WRITE"],
    });
  });

  it("says nothing when the body has no scopes", async () => {
    const { client } = clientAnswering(Response.json({ data: { team: {} } }));
    expect((await getKeyScopes(client)).ok).toBe(false);
  });
});
