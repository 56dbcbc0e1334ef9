/**
 * Budgets that hold whatever the machine's speed: bytes and counts, never milliseconds.
 * Set from docs/benchmarks.md (npm run bench) with a little headroom; raise one only with a
 * reason written next to it.
 */
import { expect, test } from "./fixtures/test";

/** Measured 191 KB compressed on 2026-11-24 (bare page of this app: 143 KB). */
const ITEM_PAGE_FIRST_LOAD_JS_BYTES = 215 * 1024;
const MAX_SEGMENT_ELEMENTS_LONG_CALL = 150;

test("the first-load JavaScript of /items/[id] stays under its byte budget", async ({ page }) => {
  await page.goto("/items/cll-demo-billing", { waitUntil: "load" });
  const { bytes, scripts } = await page.evaluate(() => {
    const entries = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).filter(
      (entry) => entry.initiatorType === "script",
    );
    return { bytes: entries.reduce((sum, entry) => sum + entry.encodedBodySize, 0), scripts: entries.length };
  });
  console.log(`first-load JS: ${(bytes / 1024).toFixed(1)} KB compressed in ${scripts} scripts`);
  expect(scripts).toBeGreaterThan(0);
  expect(bytes).toBeLessThan(ITEM_PAGE_FIRST_LOAD_JS_BYTES);
});

test("the first load of an item page makes no client-side request for the item", async ({ page }) => {
  const itemRequests: string[] = [];
  page.on("request", (request) => {
    const { pathname } = new URL(request.url());
    if (/^\/api\/items\/[^/]+$/.test(pathname)) itemRequests.push(request.url());
  });
  for (const id of ["cll-demo-billing", "cll-demo-long", "msg-demo-inbound"]) {
    await page.goto(`/items/${id}`, { waitUntil: "networkidle" });
  }
  expect(itemRequests).toEqual([]);
});

test("the 95-minute call renders a bounded number of segment elements", async ({ page, request }) => {
  const html = await (await request.get("/items/cll-demo-long")).text();
  const inHtml = html.split('data-testid="transcript-segment"').length - 1;
  expect(inHtml).toBeGreaterThan(0);
  expect(inHtml).toBeLessThanOrEqual(MAX_SEGMENT_ELEMENTS_LONG_CALL);

  await page.goto("/items/cll-demo-long", { waitUntil: "load" });
  await expect(page.getByTestId("transcript-segment").first()).toBeVisible();
  expect(await page.getByTestId("transcript-segment").count()).toBeLessThanOrEqual(
    MAX_SEGMENT_ELEMENTS_LONG_CALL,
  );
});
