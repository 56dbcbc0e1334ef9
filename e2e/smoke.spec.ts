/**
 * Smoke: the production build starts, and the page and the item API serve data through the
 * real HTTP path (browser → next start → fake Allo API over loopback). The API key never leaks.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test } from "./fixtures/test";
import { E2E, fakeStats, resetFake } from "./e2e-env";

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

test("the item API returns a demo call with its transcript through the real HTTP path", async ({
  request,
}) => {
  const response = await request.get("/api/items/cll-demo-billing?extend=transcript");
  expect(response.status()).toBe(200);
  const body = (await response.json()) as {
    data: { id: string; transcript: unknown[]; recording_url: string };
  };
  expect(body.data.id).toBe("cll-demo-billing");
  expect(body.data.transcript.length).toBeGreaterThan(5);
  expect(body.data.recording_url).toBe("/api/items/cll-demo-billing/recording");
  expect(await response.text()).not.toContain(E2E.apiKey);
  expect(await response.text()).not.toContain(E2E.fakeUrl);
});

test("a malformed id answers 400 INVALID_ITEM_ID and never reaches the fake API", async ({ request }) => {
  await resetFake();
  const response = await request.get("/api/items/not-a-valid-id");
  expect(response.status()).toBe(400);
  expect(((await response.json()) as { error: { code: string } }).error.code).toBe("INVALID_ITEM_ID");
  expect((await fakeStats()).itemRequests).toBe(0);
});

test("an unknown API path answers 404 in the JSON error envelope", async ({ request }) => {
  const response = await request.get("/api/nothing/here");
  expect(response.status()).toBe(404);
  expect(((await response.json()) as { error: { code: string } }).error.code).toBe("ROUTE_NOT_FOUND");
});

test("a range request for a recording returns 206 with exactly 100 bytes", async ({ request }) => {
  const response = await request.get("/api/items/cll-demo-billing/recording", {
    headers: { range: "bytes=0-99" },
  });
  expect(response.status()).toBe(206);
  expect(response.headers()["content-range"]).toMatch(/^bytes 0-99\/\d+$/);
  expect((await response.body()).byteLength).toBe(100);
});

test("the item page renders the call from the first HTML response", async ({ page, request }) => {
  const html = await (await request.get("/items/cll-demo-billing")).text();
  expect(html).toContain("Maria Gonzalez");
  expect(html).toContain("charged twice");
  expect(html).not.toContain(E2E.apiKey);

  await page.goto("/items/cll-demo-billing");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Maria Gonzalez");
});

test("the API key appears in no file of the client bundle or the standalone server output", () => {
  const distDir = process.env.NEXT_DIST_DIR ?? ".next";
  const files = [
    ...filesUnder(path.join(distDir, "static")),
    ...filesUnder(path.join(distDir, "standalone")),
  ];
  expect(files.length).toBeGreaterThan(100);
  const leaks = files.filter((file) => readFileSync(file).includes(E2E.apiKey));
  expect(leaks).toEqual([]);
});
