/**
 * Bad-input corpus: every hostile id or extend value gets 400 or 404 with a clear error, never a
 * 5xx, and never reaches the upstream (the fake API counts every request it receives).
 * Dot segments (`..`) are normalised by Next.js with a same-origin redirect first; we follow it
 * and judge the final answer.
 */
import { request as httpRequest } from "node:http";
import { expect, test } from "./fixtures/test";
import { E2E, fakeStats, resetFake } from "./e2e-env";
import { BAD_EXTENDS, BAD_IDS } from "./fixtures/bad-inputs";

test.describe.configure({ timeout: 180_000 });

/**
 * A GET sent exactly as written: no client-side normalisation of dot segments or
 * percent-encoding, so the server sees the hostile path itself (as it would from curl).
 */
function rawGet(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; location: string | null; requestId: string | null }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port: E2E.appPort, path, method: "GET", headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk.slice(0, 200_000)));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          body,
          location: res.headers.location ?? null,
          requestId: typeof res.headers["x-request-id"] === "string" ? res.headers["x-request-id"] : null,
        }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

/** 400 or 404; or a same-origin redirect (Next.js normalising `..`) whose target answers 400 or 404. */
async function judge(path: string, headers: Record<string, string> = {}): Promise<string | null> {
  let response = await rawGet(path, headers);
  for (let hops = 0; response.status >= 300 && response.status < 400 && hops < 3; hops++) {
    const target = new URL(response.location ?? "/", E2E.appUrl);
    if (target.origin !== E2E.appUrl) return `${path} → redirected off-site to ${target.href}`;
    response = await rawGet(`${target.pathname}${target.search}`, headers);
  }
  if (response.status !== 400 && response.status !== 404) return `${path} → ${response.status}`;
  if (response.body.includes(E2E.apiKey)) return `${path} → the API key is in the answer`;
  if (/\bat .+\.(js|ts):\d+/.test(response.body)) return `${path} → stack trace in the answer`;
  if (response.body.trim() === "") return `${path} → empty answer`;
  return null;
}

test(`the item API refuses ${BAD_IDS.length} hostile ids and ${BAD_EXTENDS.length} odd extend values`, async () => {
  await resetFake();
  const failures: string[] = [];
  for (const id of BAD_IDS) {
    const failure = await judge(`/api/items/${id}?extend=transcript`);
    if (failure) failures.push(failure);
  }
  for (const extend of BAD_EXTENDS) {
    const response = await rawGet(`/api/items/cll-demo-billing?extend=${extend}`);
    if (response.status !== 400 || !response.body.includes("UNSUPPORTED_EXTEND_VALUE")) {
      failures.push(`extend=${extend} → ${response.status}`);
    }
  }
  expect(failures).toEqual([]);
  expect((await fakeStats()).itemRequests).toBe(0);
});

test(`the recording route refuses ${BAD_IDS.length} hostile ids`, async () => {
  await resetFake();
  const failures: string[] = [];
  for (const id of BAD_IDS) {
    const failure = await judge(`/api/items/${id}/recording`, { range: "bytes=0-99" });
    if (failure) failures.push(failure);
  }
  expect(failures).toEqual([]);
  const stats = await fakeStats();
  expect(stats.itemRequests + stats.recordingRequests).toBe(0);
});

/** Pure dot segments: `/items/..` *is* `/` (RFC 3986 §5.2.4), so the server answers with the home page. */
const DOT_SEGMENTS = new Set(["..", "%2e%2e"]);

test(`the item page refuses ${BAD_IDS.length} hostile ids with a clear page`, async () => {
  await resetFake();
  const failures: string[] = [];
  for (const id of BAD_IDS) {
    if (DOT_SEGMENTS.has(id.toLowerCase())) {
      const home = await rawGet(`/items/${id}`);
      if (home.status !== 200 || !home.body.includes("Open a call or message"))
        failures.push(`/items/${id} → ${home.status}, not the home page`);
      continue;
    }
    const failure = await judge(`/items/${id}`);
    if (failure) failures.push(failure);
  }
  expect(failures).toEqual([]);
  expect((await fakeStats()).itemRequests).toBe(0);
});

test("every API error envelope carries the request id of its response, whoever wrote it", async () => {
  const cases = [
    // The proxy: a percent-encoding that is not UTF-8.
    ["/api/items/cll-abc%", 400, "INVALID_REQUEST"],
    ["/api/items/cll-abc%FF", 400, "INVALID_REQUEST"],
    // The route handlers: a bad id, a bad extend, an unknown route, an upstream 404.
    ["/api/items/usr-abc", 400, "INVALID_ITEM_ID"],
    ["/api/items/cll-demo-billing?extend=tags", 400, "UNSUPPORTED_EXTEND_VALUE"],
    ["/api/nothing-here", 404, "ROUTE_NOT_FOUND"],
    ["/api/items/cll-fault-404", 404, "CONVERSATION_ITEM_NOT_FOUND"],
    ["/api/items/msg-demo-inbound/recording", 404, "RECORDING_NOT_AVAILABLE"],
  ] as const;
  for (const [path, status, code] of cases) {
    const response = await rawGet(path);
    const body = JSON.parse(response.body) as { error: { code: string; request_id: string | null } };
    expect([path, response.status, body.error.code]).toEqual([path, status, code]);
    expect(body.error.request_id, path).toMatch(/^req_[a-z0-9]{12}$/);
    expect(response.requestId, path).toBe(body.error.request_id);
  }
});
